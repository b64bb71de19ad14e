// After ./payments-offline: a second webhook secret, as during a rotation (both verify).
export const NEXT_WEBHOOK_SECRET = 'whsec_nextsecretduringrotation0001';
process.env.STRIPE_WEBHOOK_SECRETS = `${process.env.STRIPE_WEBHOOK_SECRETS},${NEXT_WEBHOOK_SECRET}`;
