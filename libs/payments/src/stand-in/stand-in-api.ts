// How the stand-in takes a Stripe API request (`/v1/…`) around whatever route answers it: each
// request logged for tests to look at, faults injected on demand, the secret key checked, and
// idempotency keys honoured with parameter comparison, as Stripe does.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { canonical, type FormParams, parseFormParams } from './form-params';
import { type Json, StripeStandInError } from './stand-in-basics';
import { bearer, header, sendJson } from './stand-in-http';

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

/** Answers one API request, or throws a `StripeStandInError` that Stripe would answer with. */
export type ApiRoute = (method: string, path: string, params: FormParams) => Json;

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

export class StandInApi {
  readonly requests: LoggedRequest[] = [];
  private readonly active: ActiveFault[] = [];
  private readonly idempotency = new Map<string, StoredResult>();
  private readonly timers = new Set<NodeJS.Timeout>();

  /** `secretKey`: the only key accepted; unset: any `sk_test_…` key. */
  constructor(
    private readonly route: ApiRoute,
    private readonly secretKey: string | undefined,
  ) {}

  /** The faults still waiting for a request, each with the requests it has `remaining`. */
  get faults(): readonly Fault[] {
    return this.active;
  }

  injectFault(fault: Fault): void {
    this.active.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.active.length = 0;
  }

  /** Ends the answers still held back by a `delayMs` fault. */
  cancelPauses(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    rawBody: string,
  ): Promise<void> {
    const entry = this.logRequest(req, url, rawBody);
    res.setHeader('request-id', `req_${randomBytes(8).toString('hex')}`);
    if (entry.idempotencyKey) res.setHeader('idempotency-key', entry.idempotencyKey);

    const fault = this.takeFault(entry.method, entry.path);
    if (fault?.status !== undefined) {
      entry.fault = 'status';
      entry.status = fault.status;
      return sendJson(res, fault.status, INJECTED_ERROR);
    }
    if (fault?.drop === 'before') {
      entry.fault = 'drop';
      req.socket.destroy();
      return;
    }

    const apiKey = bearer(req);
    if (!apiKey || !this.acceptsKey(apiKey)) {
      entry.status = 401;
      return sendJson(res, 401, unauthorised(apiKey));
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
    sendJson(res, status, result);
  }

  private logRequest(req: IncomingMessage, url: URL, rawBody: string): LoggedRequest {
    const method = req.method ?? 'GET';
    const entry: LoggedRequest = {
      method,
      path: url.pathname,
      idempotencyKey: header(req, 'idempotency-key'),
      stripeVersion: header(req, 'stripe-version'),
      params: parseFormParams(method === 'GET' ? url.search.slice(1) : rawBody),
      status: 0,
      replayed: false,
    };
    this.requests.push(entry);
    return entry;
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

  /** Waits, on a timer `cancelPauses()` clears. */
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

  private takeFault(method: string, path: string): ActiveFault | undefined {
    const index = this.active.findIndex(
      (f) =>
        (!f.method || f.method.toUpperCase() === method) && (!f.path || path.startsWith(f.path)),
    );
    if (index === -1) return undefined;
    const fault = this.active[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.active.splice(index, 1);
    return fault;
  }

  private acceptsKey(key: string): boolean {
    return this.secretKey ? key === this.secretKey : key.startsWith('sk_test_');
  }
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
