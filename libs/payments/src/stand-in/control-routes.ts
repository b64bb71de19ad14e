// The stand-in's own routes under `/_stand-in/`: what tests do through its methods (look at the
// requests and events, inject faults, deliver an event, act as the customer or as Stripe),
// over HTTP for other processes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { act, customerFrom } from './customer-moves';
import type { StandInApi } from './stand-in-api';
import { type Json, StripeStandInError } from './stand-in-basics';
import { sendJson } from './stand-in-http';
import type { StandInStore } from './stand-in-store';
import type { Delivery, DeliveryOptions } from './webhook-delivery';

/** What the control routes reach into. */
export interface Controlled {
  api: StandInApi;
  store: StandInStore;
  deliver: (eventId: string, options: DeliveryOptions) => Promise<Delivery>;
}

/** Control API for other processes (the dev page, scripts): loopback only, no auth. */
export async function serveControl(
  { api, store, deliver }: Controlled,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  rawBody: string,
): Promise<void> {
  const body = rawBody ? (JSON.parse(rawBody) as Json) : {};
  const path = url.pathname.replace(/^\/_stand-in/, '');
  const method = req.method ?? 'GET';
  try {
    let match: RegExpMatchArray | null;
    if (method === 'GET' && path === '/requests') return sendJson(res, 200, { data: api.requests });
    if (method === 'GET' && path === '/events') {
      return sendJson(res, 200, store.listEvents(100));
    }
    if (method === 'POST' && path === '/faults') {
      api.injectFault(body);
      return sendJson(res, 200, { faults: api.faults });
    }
    if (method === 'DELETE' && path === '/faults') {
      api.clearFaults();
      return sendJson(res, 200, { faults: [] });
    }
    if (method === 'POST' && (match = path.match(/^\/events\/([^/]+)\/deliver$/))) {
      return sendJson(res, 200, await deliver(match[1], body));
    }
    if (method === 'POST' && (match = path.match(/^\/sessions\/([^/]+)\/([a-z-]+)$/))) {
      const events = act(store, match[1], match[2], body.succeeded !== false, customerFrom(body));
      return sendJson(res, 200, { data: events });
    }
    sendJson(res, 404, {
      error: { type: 'invalid_request_error', message: 'No such control.' },
    });
  } catch (error) {
    if (error instanceof StripeStandInError) return sendJson(res, error.status, error.toBody());
    throw error;
  }
}
