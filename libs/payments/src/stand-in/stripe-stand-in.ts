// A local Stripe for tests and for `npm start` (docs/design.md, "Payments"): an HTTP server on
// loopback that the real `stripe` SDK talks to (host/port/protocol), keeping state like Stripe
// for the endpoints Limited Run calls, honouring idempotency keys with parameter comparison,
// answering Stripe-shaped errors, injecting faults on demand, acting as the customer, and
// delivering events signed exactly as Stripe signs them.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { checkoutPage, errorPage, resultPage } from './checkout-page';
import { canonical, type FormParams, parseFormParams } from './form-params';
import type { CustomerShipping } from './stand-in-shipping';
import { type Json, StandInStore, StripeStandInError } from './stand-in-store';

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

/**
 * A fault for the next `times` API requests matching `method`/`path`:
 * - `status`: answered with that status before anything runs (nothing stored under the key);
 * - `delayMs`: runs normally, answers late (a client timeout after Stripe did the work);
 * - `drop`: the connection is cut, `before` or `after` the request ran.
 */
export interface Fault {
  method?: string;
  /** A path prefix such as `/v1/checkout/sessions`. */
  path?: string;
  times?: number;
  status?: number;
  delayMs?: number;
  drop?: 'before' | 'after';
}

export interface LoggedRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  stripeVersion: string | null;
  params: FormParams;
  status: number;
  /** Answered from the idempotency cache. */
  replayed: boolean;
  /** The fault applied, if any. */
  fault?: 'status' | 'delay' | 'drop';
}

export interface DeliveryOptions {
  /** Sign with this secret instead of the stand-in's. */
  secret?: string;
  /** Unix seconds of the signature (a stale one is older than five minutes). */
  timestamp?: number;
  /** Change the body after signing. */
  tamper?: boolean;
  /** Replace the header; null sends none. */
  signature?: string | null;
  url?: string;
}

export interface Delivery {
  eventId: string;
  status: number;
  body: string;
}

interface StoredResult {
  method: string;
  path: string;
  params: string;
  status: number;
  body: Json;
}

interface ActiveFault extends Fault {
  remaining: number;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export class StripeStandIn {
  readonly store: StandInStore;
  readonly webhookSecret: string;
  readonly requests: LoggedRequest[] = [];
  webhookUrl: string | undefined;
  autoDeliver: boolean;
  refundOutcome: 'succeeded' | 'pending';
  private server: Server | undefined;
  private baseUrl = '';
  private readonly faults: ActiveFault[] = [];
  private readonly idempotency = new Map<string, StoredResult>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly deliveries = new Set<Promise<void>>();
  private sweeper: NodeJS.Timeout | undefined;

  private constructor(private readonly options: StandInOptions) {
    this.store = new StandInStore((id) => `${this.baseUrl}/checkout/${id}`);
    this.webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(24).toString('hex')}`;
    this.webhookUrl = options.webhookUrl;
    this.autoDeliver = options.autoDeliver ?? false;
    this.refundOutcome = options.refundOutcome ?? 'succeeded';
    this.store.onEvent((event) => {
      if (this.autoDeliver) this.deliverInBackground(event);
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
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all([...this.deliveries]);
  }

  injectFault(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults.length = 0;
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
    const payload = JSON.stringify(event, null, 2);
    const header =
      options.signature !== undefined
        ? options.signature
        : Stripe.webhooks.generateTestHeaderString({
            payload,
            secret: options.secret ?? this.webhookSecret,
            ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
          });
    const body = options.tamper
      ? payload.replace(/"amount_total": (\d+)/, '"amount_total": 1$1')
      : payload;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        ...(header !== null ? { 'stripe-signature': header } : {}),
      },
      body,
    });
    return { eventId: String(event.id), status: response.status, body: await response.text() };
  }

  // --- HTTP ----------------------------------------------------------------------------------

  private async listen(host: string, port: number): Promise<void> {
    const server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        this.log(`stand-in error: ${String(error)}`);
        if (!res.headersSent)
          this.json(res, 500, { error: { type: 'api_error', message: 'stand-in failure' } });
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
    if (url.pathname.startsWith('/v1/')) return this.api(req, res, url, body);
    if (url.pathname.startsWith('/_stand-in/')) return this.control(req, res, url, body);
    if (url.pathname.startsWith('/checkout/')) return this.hostedPage(req, res, url, body);
    this.json(res, 404, {
      error: { type: 'invalid_request_error', message: 'Unrecognized request URL.' },
    });
  }

  private async api(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    rawBody: string,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const params = parseFormParams(method === 'GET' ? url.search.slice(1) : rawBody);
    const idempotencyKey = header(req, 'idempotency-key');
    const entry: LoggedRequest = {
      method,
      path,
      idempotencyKey,
      stripeVersion: header(req, 'stripe-version'),
      params,
      status: 0,
      replayed: false,
    };
    this.requests.push(entry);
    res.setHeader('request-id', `req_${randomBytes(8).toString('hex')}`);
    if (idempotencyKey) res.setHeader('idempotency-key', idempotencyKey);

    const fault = this.takeFault(method, path);
    if (fault?.status !== undefined) {
      entry.fault = 'status';
      entry.status = fault.status;
      return this.json(res, fault.status, INJECTED_ERROR);
    }
    if (fault?.drop === 'before') {
      entry.fault = 'drop';
      req.socket.destroy();
      return;
    }

    const apiKey = bearer(req);
    if (!apiKey || !this.acceptsKey(apiKey)) {
      entry.status = 401;
      return this.json(res, 401, unauthorised(apiKey));
    }

    const { status, result } = this.answer(entry, res, apiKey);
    entry.status = status;

    if (fault?.drop === 'after') {
      entry.fault = 'drop';
      req.socket.destroy();
      return;
    }
    if (fault?.delayMs !== undefined) {
      entry.fault = 'delay';
      await this.pause(fault.delayMs);
      if (req.socket.destroyed) return;
    }
    this.json(res, status, result);
  }

  /**
   * Runs the request, or, for a POST whose idempotency key was seen with this API key, replays
   * the stored answer (a key reused with other parameters is refused, as Stripe does).
   */
  private answer(
    entry: LoggedRequest,
    res: ServerResponse,
    apiKey: string,
  ): { status: number; result: Json } {
    const { method, path, params, idempotencyKey } = entry;
    const cacheKey = idempotencyKey && method === 'POST' ? `${apiKey}:${idempotencyKey}` : null;
    const stored = cacheKey ? this.idempotency.get(cacheKey) : undefined;
    if (stored) {
      if (stored.method !== method || stored.path !== path || stored.params !== canonical(params)) {
        const refusal = new StripeStandInError(
          400,
          'idempotency_error',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        );
        return { status: 400, result: refusal.toBody() };
      }
      entry.replayed = true;
      res.setHeader('idempotent-replayed', 'true');
      return { status: stored.status, result: stored.body };
    }
    const { status, result, keep } = this.execute(method, path, params);
    if (cacheKey && keep) {
      this.idempotency.set(cacheKey, {
        method,
        path,
        params: canonical(params),
        status,
        body: result,
      });
    }
    return { status, result };
  }

  /** Waits, on a timer `close()` clears. */
  private async pause(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  /** Runs a request; `keep` is false for a refusal before any work began (not stored under the key). */
  private execute(
    method: string,
    path: string,
    params: FormParams,
  ): { status: number; result: Json; keep: boolean } {
    try {
      return { status: 200, result: this.route(method, path, params), keep: true };
    } catch (error) {
      if (error instanceof StripeStandInError) {
        return { status: error.status, result: error.toBody(), keep: !error.validation };
      }
      throw error;
    }
  }

  private route(method: string, path: string, params: FormParams): Json {
    const s = this.store;
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
    if (method === 'POST' && path === '/v1/refunds')
      return s.createRefund(params, this.refundOutcome);
    if (method === 'GET' && (match = m(/^\/v1\/refunds\/([^/]+)$/)))
      return s.retrieveRefund(match[1]);
    if (method === 'GET' && (match = m(/^\/v1\/events\/([^/]+)$/)))
      return s.retrieveEvent(match[1]);
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
        return this.json(res, 200, { data: this.requests });
      if (method === 'GET' && path === '/events') {
        return this.json(res, 200, this.store.listEvents(100));
      }
      if (method === 'POST' && path === '/faults') {
        this.injectFault(body);
        return this.json(res, 200, { faults: this.faults });
      }
      if (method === 'DELETE' && path === '/faults') {
        this.clearFaults();
        return this.json(res, 200, { faults: [] });
      }
      if (method === 'POST' && (match = path.match(/^\/events\/([^/]+)\/deliver$/))) {
        return this.json(res, 200, await this.deliver(match[1], body));
      }
      if (method === 'POST' && (match = path.match(/^\/sessions\/([^/]+)\/([a-z-]+)$/))) {
        const events = this.act(match[1], match[2], body.succeeded !== false, customerFrom(body));
        return this.json(res, 200, { data: events });
      }
      this.json(res, 404, {
        error: { type: 'invalid_request_error', message: 'No such control.' },
      });
    } catch (error) {
      if (error instanceof StripeStandInError) return this.json(res, error.status, error.toBody());
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
    if (!match || !session) return this.html(res, 404, '<h1>No such checkout</h1>');
    if (req.method === 'GET' && !match[2]) {
      const rates = this.store.shippingRatesOf(match[1]);
      return this.html(res, 200, checkoutPage(session, rates, header(req, 'accept-language')));
    }
    if (req.method !== 'POST' || !match[2])
      return this.html(res, 405, '<h1>Method not allowed</h1>');
    try {
      const form = Object.fromEntries(new URLSearchParams(rawBody));
      this.act(session.id as string, match[2], true, customerFrom(form));
    } catch (error) {
      if (!(error instanceof StripeStandInError)) throw error;
      return this.html(res, error.status === 400 ? 400 : 409, errorPage(error.message));
    }
    const paid = match[2] !== 'abandon';
    const next = (paid ? session.success_url : session.cancel_url) as string | null;
    this.html(
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

  private takeFault(method: string, path: string): ActiveFault | undefined {
    const index = this.faults.findIndex(
      (f) =>
        (!f.method || f.method.toUpperCase() === method) && (!f.path || path.startsWith(f.path)),
    );
    if (index === -1) return undefined;
    const fault = this.faults[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private acceptsKey(key: string): boolean {
    return this.options.secretKey ? key === this.options.secretKey : key.startsWith('sk_test_');
  }

  /**
   * Like Stripe: in the background, each event on its own (concurrently with the others, so in
   * no guaranteed order), retried with backoff until a 2xx or three more tries.
   */
  private deliverInBackground(event: Json): void {
    if (!this.webhookUrl) return;
    const delivery = this.deliverWithRetries(event).finally(() => this.deliveries.delete(delivery));
    this.deliveries.add(delivery);
  }

  private async deliverWithRetries(event: Json): Promise<void> {
    for (let attempt = 0; attempt < 4 && this.server; attempt++) {
      try {
        const delivery = await this.deliver(event);
        this.log(`delivered ${String(event.type)} ${String(event.id)}: ${delivery.status}`);
        if (delivery.status >= 200 && delivery.status < 300) return;
      } catch (error) {
        this.log(`delivering ${String(event.id)} failed: ${String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** attempt));
    }
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': JSON_TYPE, 'stripe-version': '2026-10-28.endive' });
    res.end(JSON.stringify(body));
  }

  private html(res: ServerResponse, status: number, body: string): void {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  }

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

/** The body of an injected `status` fault. */
const INJECTED_ERROR: Json = {
  error: { type: 'api_error', message: 'An unexpected error occurred (injected by the stand-in).' },
};

/** Stripe's 401, with the start of a wrong key as Stripe shows it. */
function unauthorised(apiKey: string | null): Json {
  return {
    error: {
      type: 'invalid_request_error',
      message: apiKey
        ? `Invalid API Key provided: ${apiKey.slice(0, 8)}…`
        : 'You did not provide an API key.',
    },
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

function bearer(req: IncomingMessage): string | null {
  const value = header(req, 'authorization');
  return value?.startsWith('Bearer ') ? value.slice('Bearer '.length) : null;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
