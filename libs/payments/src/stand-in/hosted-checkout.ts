// The development payment page at a session's `url`, and its three buttons.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkoutPage, errorPage, resultPage } from './checkout-page';
import { act, customerFrom } from './customer-moves';
import { StripeStandInError } from './stand-in-basics';
import { header, sendHtml } from './stand-in-http';
import type { StandInStore } from './stand-in-store';

export function serveHostedCheckout(
  store: StandInStore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  rawBody: string,
): void {
  const match = url.pathname.match(/^\/checkout\/([^/]+)(?:\/(pay|pay-late|abandon))?$/);
  const session = match ? store.sessions.get(match[1]) : undefined;
  if (!match || !session) return sendHtml(res, 404, '<h1>No such checkout</h1>');
  if (req.method === 'GET' && !match[2]) {
    const rates = store.shippingRatesOf(match[1]);
    return sendHtml(res, 200, checkoutPage(session, rates, header(req, 'accept-language')));
  }
  if (req.method !== 'POST' || !match[2]) return sendHtml(res, 405, '<h1>Method not allowed</h1>');
  try {
    const form = Object.fromEntries(new URLSearchParams(rawBody));
    act(store, session.id as string, match[2], true, customerFrom(form));
  } catch (error) {
    if (!(error instanceof StripeStandInError)) throw error;
    return sendHtml(res, error.status === 400 ? 400 : 409, errorPage(error.message));
  }
  const paid = match[2] !== 'abandon';
  const next = (paid ? session.success_url : session.cancel_url) as string | null;
  sendHtml(
    res,
    200,
    resultPage(
      session,
      paid ? (match[2] === 'pay' ? 'Paid' : 'Payment on its way') : 'Checkout abandoned',
      next ? next.replace('{CHECKOUT_SESSION_ID}', String(session.id)) : null,
    ),
  );
}
