// A local Stripe for tests and for `npm start` (docs/design.md, "Payments"): an HTTP server on
// loopback that the real `stripe` SDK talks to (host/port/protocol), keeping state like Stripe
// for the endpoints Limited Run calls, honouring idempotency keys with parameter comparison,
// answering Stripe-shaped errors, injecting faults on demand, acting as the customer, and
// delivering events signed exactly as Stripe signs them.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveControl } from './control-routes';
import { serveHostedCheckout } from './hosted-checkout';
import { type Fault, type LoggedRequest, StandInApi } from './stand-in-api';
import { readBody, sendJson } from './stand-in-http';
import type { CustomerShipping } from './stand-in-shipping';
import { type Json, StandInStore } from './stand-in-store';
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
    if (url.pathname.startsWith('/_stand-in/')) {
      const controlled = { api: this.api, store: this.store, deliver: this.deliver.bind(this) };
      return serveControl(controlled, req, res, url, body);
    }
    if (url.pathname.startsWith('/checkout/')) {
      return serveHostedCheckout(this.store, req, res, url, body);
    }
    sendJson(res, 404, {
      error: { type: 'invalid_request_error', message: 'Unrecognized request URL.' },
    });
  }

  private log(line: string): void {
    this.options.log?.(line);
  }
}
