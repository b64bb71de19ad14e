// The Stripe endpoints Limited Run calls, each answered from the store.
import type { FormParams } from './form-params';
import { type Json, StripeStandInError } from './stand-in-basics';
import type { StandInStore } from './stand-in-store';

export function stripeRoute(
  store: StandInStore,
  refundOutcome: 'succeeded' | 'pending',
  method: string,
  path: string,
  params: FormParams,
): Json {
  const s = store;
  const m = (pattern: RegExp): RegExpMatchArray | null => path.match(pattern);
  let match: RegExpMatchArray | null;
  if (method === 'POST' && path === '/v1/checkout/sessions') return s.createSession(params);
  if (method === 'GET' && (match = m(/^\/v1\/checkout\/sessions\/([^/]+)$/))) {
    return s.retrieveSession(match[1]);
  }
  if (method === 'POST' && (match = m(/^\/v1\/checkout\/sessions\/([^/]+)\/expire$/))) {
    return s.expireSession(match[1]);
  }
  if (method === 'GET' && (match = m(/^\/v1\/payment_intents\/([^/]+)$/))) {
    return s.retrievePaymentIntent(match[1]);
  }
  if (method === 'POST' && path === '/v1/refunds') return s.createRefund(params, refundOutcome);
  if (method === 'GET' && (match = m(/^\/v1\/refunds\/([^/]+)$/)))
    return s.retrieveRefund(match[1]);
  if (method === 'GET' && (match = m(/^\/v1\/events\/([^/]+)$/))) return s.retrieveEvent(match[1]);
  if (method === 'GET' && path === '/v1/events') {
    const limit = Math.min(Number(params.limit ?? 10) || 10, 100);
    return s.listEvents(limit, typeof params.type === 'string' ? params.type : undefined);
  }
  throw new StripeStandInError(
    404,
    'invalid_request_error',
    `Unrecognized request URL (${method}: ${path}). The stand-in serves only what Limited Run calls.`,
  );
}
