// The moves of the customer and of Stripe on a session, by the names the control API and the
// payment page's buttons give them.
import { type Json, StripeStandInError } from './stand-in-basics';
import type { CustomerShipping } from './stand-in-shipping';
import type { StandInStore } from './stand-in-store';

export function act(
  store: StandInStore,
  sessionId: string,
  action: string,
  succeeded: boolean,
  customer?: CustomerShipping,
): Json[] {
  switch (action) {
    case 'pay':
      return store.pay(sessionId, customer);
    case 'pay-late':
      return store.payLate(sessionId, customer);
    case 'settle':
      return store.settle(sessionId, succeeded);
    case 'abandon':
      return store.abandon(sessionId);
    case 'dispute':
      return store.dispute(sessionId);
    default:
      throw new StripeStandInError(404, 'invalid_request_error', `No such action: ${action}`);
  }
}

/** The address and option of a control call's JSON or the page's form; undefined if none. */
export function customerFrom(body: Record<string, unknown>): CustomerShipping | undefined {
  const text = (key: string): string | undefined => {
    const value = body[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const country = text('country');
  if (!country) return undefined;
  const option = body.option;
  return {
    name: text('name') ?? '',
    line1: text('line1') ?? '',
    line2: text('line2') ?? null,
    city: text('city') ?? '',
    postalCode: text('postalCode') ?? text('postal_code') ?? '',
    state: text('state') ?? null,
    country,
    option:
      typeof option === 'number'
        ? option
        : typeof option === 'string' && /^\d+$/.test(option)
          ? Number(option)
          : typeof option === 'string' && option !== ''
            ? option
            : undefined,
  };
}
