// After ./payments-offline: checkout asks Stripe Tax for tax (`automatic_tax[enabled]=true`),
// which the stand-in charges at its documented flat rate (stand-in-shipping.ts, standInTax).
process.env.STRIPE_AUTOMATIC_TAX = 'true';
