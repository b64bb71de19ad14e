// A local Stripe for tests and for `npm start` (docs/design.md, "Payments"): an HTTP server on
// loopback that the real `stripe` SDK talks to (host/port/protocol), keeping state like Stripe
// for the endpoints Limited Run calls, honouring idempotency keys with parameter comparison,
// answering Stripe-shaped errors, injecting faults on demand, acting as the customer, and
// delivering events signed exactly as Stripe signs them.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkoutPage, errorPage, resultPage } from './checkout-page';
import { type Fault, type LoggedRequest, StandInApi } from './stand-in-api';
import { header, readBody, sendHtml, sendJson } from './stand-in-http';
import type { CustomerShipping } from './stand-in-shipping';
import { type Json, StandInStore, StripeStandInError } from './stand-in-store';
import { stripeRoute } from './stripe-routes';
import {
  BackgroundDelivery,
  type Delivery,
  type DeliveryOptions,
  postEvent,
} from './webhook-delivery';

export type { Delivery, DeliveryOptions, Fault, LoggedRequest };

export interface StandInOptions {
  host?: string;
  /** 0 (default): a free port. */
  port?: number;
  /** The only secret key accepted; unset: any `sk_test_…` key. */
  secretKey?: string;
  /** Signs delivered events; unset: a fresh `whsec_…`. */
  webhookSecret?: string;
  /** Where events are delivered. */
  webhookUrl?: string;
  /** Deliver every event as it happens, retrying like Stripe (development). Off for tests. */
  autoDeliver?: boolean;
  /** Refunds are created `succeeded` (default) or `pending`. */
  refundOutcome?: 'succeeded' | 'pending';
  log?: (line: string) => void;
}

export class StripeStandIn {
  readonly store: StandInStore;
  readonly webhookSecret: string;
  readonly requests: LoggedRequest[];
  webhookUrl: string | undefined;
  autoDeliver: boolean;
  refundOutcome: 'succeeded' | 'pending';
  private server: Server | undefined;
  private baseUrl = '';
  private readonly api: StandInApi;
  private readonly background: BackgroundDelivery;
  private sweeper: NodeJS.Timeout | undefined;

  private constructor(private readonly options: StandInOptions) {
    this.store = new StandInStore((id) => `${this.baseUrl}/checkout/${id}`);
    this.webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(24).toString('hex')}`;
    this.webhookUrl = options.webhookUrl;
    this.autoDeliver = options.autoDeliver ?? false;
    this.refundOutcome = options.refundOutcome ?? 'succeeded';
    this.api = new StandInApi(
      (method, path, params) => stripeRoute(this.store, this.refundOutcome, method, path, params),
      options.secretKey,
    );
    this.requests = this.api.requests;
    this.background = new BackgroundDelivery(
      (event) => this.deliver(event),
      () => this.server !== undefined,
      (line) => this.log(line),
    );
    this.store.onEvent((event) => {
      if (this.autoDeliver && this.webhookUrl) this.background.start(event);
    });
  }

  static async start(options: StandInOptions = {}): Promise<StripeStandIn> {
    const standIn = new StripeStandIn(options);
    await standIn.listen(options.host ?? '127.0.0.1', options.port ?? 0);
    return standIn;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return this.baseUrl;
  }

  get port(): number {
    return Number(new URL(this.baseUrl).port);
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.api.cancelPauses();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await this.background.settled();
  }

  injectFault(fault: Fault): void {
    this.api.injectFault(fault);
  }

  clearFaults(): void {
    this.api.clearFaults();
  }

  /** API requests received so far, optionally only those for `path` (a prefix) and `method`. */
  requestsTo(method: string, path: string): LoggedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(path));
  }

  // --- acting as the customer and as Stripe -------------------------------------------------

  /** The customer pays; for a session that ships goods, with the address and option they chose. */
  pay(sessionId: string, customer?: CustomerShipping): Json[] {
    return this.store.pay(sessionId, customer);
  }

  payLate(sessionId: string, customer?: CustomerShipping): Json[] {
    return this.store.payLate(sessionId, customer);
  }

  settle(sessionId: string, succeeded = true): Json[] {
    return this.store.settle(sessionId, succeeded);
  }

  abandon(sessionId: string): Json[] {
    return this.store.abandon(sessionId);
  }

  dispute(sessionId: string): Json[] {
    return this.store.dispute(sessionId);
  }

  failRefund(refundId: string): Json[] {
    return this.store.failRefund(refundId);
  }

  /** The events recorded so far of `type`, oldest first. */
  eventsOfType(type: string): Json[] {
    return [...this.store.events.values()].filter((event) => event.type === type);
  }

  /**
   * Posts one event to the webhook URL, signed as Stripe signs it
   * (`stripe.webhooks.generateTestHeaderString`), with a fresh timestamp each time: delivering
   * the same event again is a redelivery.
   */
  async deliver(eventOrId: Json | string, options: DeliveryOptions = {}): Promise<Delivery> {
    const event = typeof eventOrId === 'string' ? this.store.retrieveEvent(eventOrId) : eventOrId;
    const url = options.url ?? this.webhookUrl;
    if (!url) throw new Error('the stand-in has no webhook URL to deliver to');
    return postEvent(event, url, options.secret ?? this.webhookSecret, options);
  }

  // --- HTTP ----------------------------------------------------------------------------------

  private async listen(host: string, port: number): Promise<void> {
    const server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        this.log(`stand-in error: ${String(error)}`);
        if (!res.headersSent)
          sendJson(res, 500, { error: { type: 'api_error', message: 'stand-in failure' } });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.baseUrl = `http://${shownHost}:${address.port}`;
    this.server = server;
    // Sessions past their expires_at expire on their own, as at Stripe.
    this.sweeper = setInterval(() => this.store.expireDue(), 1000);
    this.sweeper.unref();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const body = await readBody(req);
    if (url.pathname.startsWith('/v1/')) return this.api.handle(req, res, url, body);
    if (url.pathname.startsWith('/_stand-in/')) return this.control(req, res, url, body);
    if (url.pathname.startsWith('/checkout/')) return this.hostedPage(req, res, url, body);
    sendJson(res, 404, {
      error: { type: 'invalid_request_error', message: 'Unrecognized request URL.' },
    });
  }

  /** Control API for other processes (the dev page, scripts): loopback only, no auth. */
  private async control(
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
      if (method === 'GET' && path === '/requests')
        return sendJson(res, 200, { data: this.requests });
      if (method === 'GET' && path === '/events') {
        return sendJson(res, 200, this.store.listEvents(100));
      }
      if (method === 'POST' && path === '/faults') {
        this.injectFault(body);
        return sendJson(res, 200, { faults: this.api.faults });
      }
      if (method === 'DELETE' && path === '/faults') {
        this.clearFaults();
        return sendJson(res, 200, { faults: [] });
      }
      if (method === 'POST' && (match = path.match(/^\/events\/([^/]+)\/deliver$/))) {
        return sendJson(res, 200, await this.deliver(match[1], body));
      }
      if (method === 'POST' && (match = path.match(/^\/sessions\/([^/]+)\/([a-z-]+)$/))) {
        const events = this.act(match[1], match[2], body.succeeded !== false, customerFrom(body));
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

  private act(
    sessionId: string,
    action: string,
    succeeded: boolean,
    customer?: CustomerShipping,
  ): Json[] {
    switch (action) {
      case 'pay':
        return this.pay(sessionId, customer);
      case 'pay-late':
        return this.payLate(sessionId, customer);
      case 'settle':
        return this.settle(sessionId, succeeded);
      case 'abandon':
        return this.abandon(sessionId);
      case 'dispute':
        return this.dispute(sessionId);
      default:
        throw new StripeStandInError(404, 'invalid_request_error', `No such action: ${action}`);
    }
  }

  /** The development payment page and its three buttons. */
  private hostedPage(req: IncomingMessage, res: ServerResponse, url: URL, rawBody: string): void {
    const match = url.pathname.match(/^\/checkout\/([^/]+)(?:\/(pay|pay-late|abandon))?$/);
    const session = match ? this.store.sessions.get(match[1]) : undefined;
    if (!match || !session) return sendHtml(res, 404, '<h1>No such checkout</h1>');
    if (req.method === 'GET' && !match[2]) {
      const rates = this.store.shippingRatesOf(match[1]);
      return sendHtml(res, 200, checkoutPage(session, rates, header(req, 'accept-language')));
    }
    if (req.method !== 'POST' || !match[2])
      return sendHtml(res, 405, '<h1>Method not allowed</h1>');
    try {
      const form = Object.fromEntries(new URLSearchParams(rawBody));
      this.act(session.id as string, match[2], true, customerFrom(form));
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

  // --- helpers -------------------------------------------------------------------------------

  private log(line: string): void {
    this.options.log?.(line);
  }
}

/** The address and option of a control call's JSON or the page's form; undefined if none. */
function customerFrom(body: Record<string, unknown>): CustomerShipping | undefined {
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
