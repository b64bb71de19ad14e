import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidateBy,
  ValidationArguments,
  ValidationError,
} from 'class-validator';
import { areCorsOrigins } from '../http/cors-origins';
import { trustProxyProblem } from '../http/trust-proxy';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** A TCP port given as a string; 0 lets the OS pick one (tests). */
const IsPort = (): PropertyDecorator =>
  applyDecorators(Transform(toInt), IsInt(), Min(0), Max(65535));

/** `<count>/<seconds>`, both positive whole numbers: `10/60` is ten requests a minute. */
export const RATE_LIMIT_PATTERN = /^([1-9]\d{0,5})\/([1-9]\d{0,5})$/;

/** A named rate limit (see `RATE_LIMITS` in rate-limit/rate-limits.ts). */
const IsRateLimit = (): PropertyDecorator =>
  Matches(RATE_LIMIT_PATTERN, {
    message: ({ property }: ValidationArguments) =>
      `${property} must be <count>/<seconds> with two positive whole numbers, e.g. 10/60`,
  });

const IsTrustProxy = (): PropertyDecorator =>
  ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !trustProxyProblem(value),
      defaultMessage: ({ property, value }: ValidationArguments) =>
        `${property} must be false, true, a hop count, or a comma-separated list of addresses, ` +
        `CIDRs, loopback, linklocal or uniquelocal` +
        (typeof value === 'string' ? ` (${trustProxyProblem(value)})` : ''),
    },
  });

const IsCorsOrigins = (): PropertyDecorator =>
  ValidateBy({
    name: 'isCorsOrigins',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && areCorsOrigins(value),
      defaultMessage: ({ property }: ValidationArguments) =>
        `${property} must be a comma-separated list of origins such as https://shop.example.com ` +
        `(scheme, host and optional port; no path or trailing slash)`,
    },
  });

/** Hosts a plain-http Stripe endpoint may live on: the local stand-in, never a network peer. */
export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '::1', '[::1]'];

export const STRIPE_DEFAULT_HOST = 'api.stripe.com';

/**
 * Why the Stripe endpoint settings are unsafe, or undefined. Card data and keys must never cross
 * a network in clear text, and a live key must only ever be sent to Stripe itself.
 */
export function stripeEndpointProblem(
  env: { STRIPE_SECRET_KEY?: string; STRIPE_API_HOST?: string; STRIPE_API_PROTOCOL?: string },
  aspect: 'protocol' | 'host',
): string | undefined {
  const host = env.STRIPE_API_HOST ?? STRIPE_DEFAULT_HOST;
  if (aspect === 'protocol') {
    return env.STRIPE_API_PROTOCOL === 'http' && !LOOPBACK_HOSTS.includes(host)
      ? `http is only allowed for a loopback host (127.0.0.1, localhost, ::1), not "${host}"`
      : undefined;
  }
  const live = /^(sk|rk)_live_/.test(env.STRIPE_SECRET_KEY ?? '');
  return live && host !== STRIPE_DEFAULT_HOST
    ? `a live key may only be sent to ${STRIPE_DEFAULT_HOST}, not "${host}"`
    : undefined;
}

const IsSafeStripeEndpoint = (aspect: 'protocol' | 'host'): PropertyDecorator =>
  ValidateBy({
    name: `isSafeStripe${aspect === 'host' ? 'Host' : 'Protocol'}`,
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) =>
        stripeEndpointProblem(args?.object as Environment, aspect) === undefined,
      defaultMessage: ({ property, object }: ValidationArguments) =>
        `${property} ${stripeEndpointProblem(object, aspect) ?? 'is unsafe'}`,
    },
  });

/** An absolute http(s) URL. */
const IsHttpUrl = (): PropertyDecorator =>
  ValidateBy({
    name: 'isHttpUrl',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string') return false;
        try {
          return /^https?:$/.test(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      defaultMessage: ({ property }: ValidationArguments) =>
        `${property} must be an absolute http(s) URL`,
    },
  });

/**
 * Every environment variable the platform reads. `.env.example` documents each one;
 * keep the two in step (a unit test compares them).
 */
export class Environment {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @IsString()
  @IsNotEmpty()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @IsString()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key and Bull queue, so several deployments or test runs can share one Redis. */
  @IsString()
  @Matches(/^[A-Za-z0-9:_-]{1,64}$/, {
    message: 'REDIS_PREFIX must be 1-64 characters of letters, digits, ":", "_" or "-"',
  })
  REDIS_PREFIX = 'lr';

  @IsString()
  @IsNotEmpty()
  API_HOST = '127.0.0.1';

  @IsPort()
  API_PORT = 3000;

  @IsString()
  @IsNotEmpty()
  WORKER_HOST = '127.0.0.1';

  @IsPort()
  WORKER_PORT = 3001;

  /**
   * Which peers may tell us the client's address in X-Forwarded-For. Trusting every peer lets
   * any client pick its own address and so dodge per-IP rate limits; hence none by default.
   */
  @IsTrustProxy()
  TRUST_PROXY = 'false';

  /** Browser origins allowed to call the API with credentials; empty: same-origin only. */
  @IsCorsOrigins()
  CORS_ORIGINS = '';

  @IsRateLimit()
  RATE_LIMIT_AUTH = '10/60';

  /**
   * A fan waiting on a settling order (`GET /me/orders/:id?wait=`) is woken by Postgres when it
   * moves; this is how often the wait reads the order anyway, in case that notification was
   * missed (its listening connection lost), i.e. the worst extra delay then.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  ORDER_WAIT_RECHECK_MS = 2_000;

  /** How often the worker expires holds whose own expiry job was lost (worst-case lateness). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  HOLD_SWEEP_SECONDS = 5;

  /**
   * How long one hold sweep takes holds before it leaves the rest to the next: a sweep waits on
   * Stripe for every hold taken to checkout, and sweeps take turns across workers (one lease).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60)
  HOLD_SWEEP_BUDGET_SECONDS = 30;

  /**
   * How many due holds one hold sweep ends at once (each may wait on Stripe); each takes a
   * database connection while it runs, so keep it well under `DATABASE_POOL_SIZE`.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  HOLD_SWEEP_CONCURRENCY = 4;

  /**
   * Group commit of admitted holds: how long the first admitted request of a batch waits for
   * others before its batch is written (0: only those that arrived meanwhile).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  HOLD_GRANT_BATCH_WINDOW_MS = 2;

  /** Most admitted holds written in one transaction. 1 writes each hold on its own. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  HOLD_GRANT_BATCH_MAX = 100;

  /** Batches of one drop an API process has in flight at once (the next fills meanwhile). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  HOLD_GRANT_BATCHES_IN_FLIGHT = 2;

  /**
   * How often each worker registers its repeatable safety-net sweeps again. Bull keeps them only
   * in Redis: a Redis that lost its data would otherwise run no sweep until a worker restarts.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  SAFETY_NET_CHECK_SECONDS = 10;

  /** How often the worker compares live drops' admission counters with Postgres. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  RECONCILE_SECONDS = 30;

  /** Hold attempts per signed-in fan: a fan retrying by hand stays far below it, a script does not. */
  @IsRateLimit()
  RATE_LIMIT_HOLDS_PER_FAN = '20/10';

  /** Hold attempts per client IP: generous, because a venue's Wi-Fi puts many fans behind one address. */
  @IsRateLimit()
  RATE_LIMIT_HOLDS_PER_IP = '600/10';

  /**
   * How often the worker's safety-net sweep opens and closes drops that are due, in case a
   * delayed job was lost or no worker was running at the moment. The worst-case lateness.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  DROP_SWEEP_SECONDS = 5;

  /**
   * Seconds between comment lines on an idle live-counters stream, so proxies and load
   * balancers that cut silent connections keep it open, and clients notice a dead one.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(300)
  SSE_HEARTBEAT_SECONDS = 15;

  /** Live-counters streams one API process serves at once; one more is refused with 503. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  SSE_MAX_CLIENTS = 10_000;

  /**
   * Streams (live counters and waiting rooms, each) one client address may hold open across all
   * API processes (counted in Redis); one more is refused with 429. Generous, since fans behind
   * one carrier NAT share an address, yet small beside SSE_MAX_CLIENTS so no single client can
   * take them all.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  SSE_MAX_CLIENTS_PER_IP = 50;

  /**
   * Waiting-room streams one account may hold open across all API processes (a few tabs); one
   * more is refused with 429, whatever address it comes from.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  SSE_MAX_ROOM_STREAMS_PER_USER = 3;

  /**
   * Seconds a stream's slot (above) is leased in Redis; its process renews it every third of
   * that while the stream is open. A process that dies frees its slots within one lease.
   */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(600)
  SSE_SLOT_LEASE_SECONDS = 30;

  /**
   * Seconds a client has to send a whole request (headers and body). A client trickling its
   * body a byte at a time is cut off with 408 instead of holding a connection for ever.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  HTTP_REQUEST_TIMEOUT_SECONDS = 30;

  /** Joining and leaving drops' waitlists and entering waiting rooms, per signed-in fan. */
  @IsRateLimit()
  RATE_LIMIT_WAITLIST = '10/60';

  /** Entering and withdrawing from raffles, per signed-in fan. */
  @IsRateLimit()
  RATE_LIMIT_RAFFLE = '10/60';

  /** Waitlist, raffle and waiting-room joins per client IP, whichever accounts it uses. */
  @IsRateLimit()
  RATE_LIMIT_ENTRIES_PER_IP = '300/60';

  /**
   * Fairness page reads per client IP. Before the draw, countdown pages poll the commitment;
   * after it, the proof never changes and is served with long cache headers, so a client needs
   * it once, and a large draw's file is megabytes: the limit bounds what one address can pull.
   */
  @IsRateLimit()
  RATE_LIMIT_PROOF_DOWNLOADS = '300/60';

  /**
   * Entries per page of a published fairness proof. A draw with more entries is published as
   * a manifest that commits to its pages by hash, plus pages of at most this many entries, each
   * a stored, cacheable file (`GET /drops/:drop/fairness/pages/:page`).
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(1_000_000)
  FAIRNESS_PROOF_PAGE_SIZE = 25_000;

  /** How many fans a drop's waiting room lets through per second while units are left. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  WAITING_ROOM_ADMIT_PER_SECOND = 50;

  /** How long an admitted fan's access token (and admission) lasts before they must queue again. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3600)
  WAITING_ROOM_ADMISSION_SECONDS = 120;

  /** How long a raffle winner (or the next entry in line) has to pay for the unit held for them. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86_400)
  RAFFLE_CLAIM_SECONDS = 1800;

  /** How long a waitlisted fan has to pay for a unit offered after a sellout (second chance). */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86_400)
  WAITLIST_OFFER_SECONDS = 900;

  /**
   * How often the worker looks for overdue raffle draws and room openings, lapsed raffle wins
   * and second-chance units to pass on, and waitlists to notify: the worst-case lateness.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  WAITLIST_SWEEP_SECONDS = 2;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /**
   * Signs access tokens (HS256). At least 32 characters; every API process must share it.
   * Required by the API only (see `requiredVariables`); `npm start` generates one into .data/.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters long' })
  JWT_SECRET?: string;

  /** Lifetime of an access token: short, because only a refresh re-checks the session in Postgres. */
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86_400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /**
   * Stripe secret key (`sk_test_…`, `sk_live_…`, or a restricted `rk_…`). Unset: checkout answers
   * 503 PAYMENT_PROVIDER_UNAVAILABLE; `npm start` runs the local stand-in and sets a test key.
   */
  @IsOptional()
  @IsString()
  @Matches(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, {
    message: 'STRIPE_SECRET_KEY must look like sk_test_…, sk_live_…, rk_test_… or rk_live_…',
  })
  STRIPE_SECRET_KEY?: string;

  /**
   * Webhook signing secrets (`whsec_…`), comma-separated: an event signed with any of them is
   * accepted, so a secret can be rolled without dropping events.
   */
  @IsOptional()
  @IsString()
  @Matches(/^\s*whsec_[A-Za-z0-9_]+\s*(,\s*whsec_[A-Za-z0-9_]+\s*)*$/, {
    message: 'STRIPE_WEBHOOK_SECRETS must be a comma-separated list of whsec_… secrets',
  })
  STRIPE_WEBHOOK_SECRETS?: string;

  /** Only for the local stand-in (tests, `npm start`); unset in production: api.stripe.com. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @IsSafeStripeEndpoint('host')
  STRIPE_API_HOST?: string;

  @IsOptional()
  @IsPort()
  STRIPE_API_PORT?: number;

  @IsIn(['https', 'http'])
  @IsSafeStripeEndpoint('protocol')
  STRIPE_API_PROTOCOL: 'https' | 'http' = 'https';

  /** Per request to Stripe; a timed-out call is retried under the same idempotency key. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(80_000)
  STRIPE_TIMEOUT_MS = 10_000;

  /**
   * Stripe Tax on checkout (`automatic_tax.enabled`): the tax Stripe adds is recorded on the
   * order. Off by default (the collective's Stripe account must have Tax set up first).
   */
  @IsOptional()
  @IsIn(['true', 'false'])
  STRIPE_AUTOMATIC_TAX?: 'true' | 'false';

  /** The SDK's own retries (connection errors, 409, 5xx), each under the request's idempotency key. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(5)
  STRIPE_MAX_NETWORK_RETRIES = 2;

  /**
   * Where Stripe sends the fan after paying; `{CHECKOUT_SESSION_ID}` is filled in by Stripe.
   * Unset: the browser app's success page under PUBLIC_WEB_URL.
   */
  @IsOptional()
  @IsHttpUrl()
  CHECKOUT_SUCCESS_URL?: string;

  /**
   * Where Stripe sends the fan who leaves the payment page; the order's id is added as `order`.
   * Unset: the browser app's cancel page under PUBLIC_WEB_URL.
   */
  @IsOptional()
  @IsHttpUrl()
  CHECKOUT_CANCEL_URL?: string;

  /**
   * Serve Swagger UI at /docs and the OpenAPI document at /docs-json. Unset: on in development
   * and tests, off in production (the document maps every route for whoever asks).
   */
  @IsOptional()
  @IsIn(['true', 'false'])
  SWAGGER_ENABLED?: 'true' | 'false';

  /** The built browser app (`vite build`) the API serves at `/`; relative to the working directory. */
  @IsString()
  @IsNotEmpty()
  WEB_ROOT = 'dist/web';

  /** Where item images are kept on disk when no S3 bucket is configured; relative to the working directory. */
  @IsString()
  @IsNotEmpty()
  MEDIA_DIR = '.data/media';

  /** The largest image upload accepted, in bytes (default 10 MiB). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  MEDIA_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

  /** An S3-compatible bucket for item images; unset: images live under MEDIA_DIR. */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'MEDIA_S3_BUCKET must be a valid S3 bucket name',
  })
  MEDIA_S3_BUCKET?: string;

  /** The S3 endpoint (MinIO, R2, a local s3rver); unset: AWS itself. */
  @IsOptional()
  @IsHttpUrl()
  MEDIA_S3_ENDPOINT?: string;

  @IsString()
  @IsNotEmpty()
  MEDIA_S3_REGION = 'us-east-1';

  @IsOptional()
  @IsString()
  MEDIA_S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  MEDIA_S3_SECRET_ACCESS_KEY?: string;

  /**
   * The browser app's origin as fans reach it: checkout returns there and mailed links point
   * there. Its host must be the one fans use, since the session cookie belongs to that host.
   */
  @IsHttpUrl()
  PUBLIC_WEB_URL = 'http://127.0.0.1:3000';

  /** `smtp://user:pass@host:port` or `smtps://…`; unset: mail is written to the log instead. */
  @IsOptional()
  @IsString()
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The From header of every message. */
  @IsString()
  @IsNotEmpty()
  MAIL_FROM = 'Limited Run <no-reply@limited-run.local>';

  /**
   * How often the anomaly watch (in the API and the worker, one of them at a time) looks for
   * anomalies by state (refund failed, disputes, failed mail and jobs, overdue drops and holds)
   * and alerts admins about new ones: one mail per admin per pass at most.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  ANOMALY_SCAN_SECONDS = 30;

  /** How late a drop may close, or a hold expire, before it is an anomaly. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400)
  ANOMALY_GRACE_SECONDS = 120;

  /** Where new anomalies are also POSTed, signed with ANOMALY_WEBHOOK_SECRET; unset: mail only. */
  @IsOptional()
  @IsHttpUrl()
  ANOMALY_WEBHOOK_URL?: string;

  /** HMAC-SHA256 key of the anomaly webhook's `Limited-Run-Signature` header (16+ characters). */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ANOMALY_WEBHOOK_SECRET must be at least 16 characters long' })
  ANOMALY_WEBHOOK_SECRET?: string;

  /**
   * Bearer token Prometheus sends to scrape `/metrics` on the API and the worker. Unset: the
   * route answers only loopback callers (a scraper on the same host or a sidecar).
   */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters long' })
  METRICS_TOKEN?: string;

  /**
   * While no admin exists, the API issues a one-time first-admin setup token at boot and logs
   * its `/setup?token=…` link. `npm start` sets it to false: the launcher issues and prints one.
   */
  @IsOptional()
  @IsIn(['true', 'false'])
  SETUP_TOKEN_AT_BOOT?: 'true' | 'false';

  /** Human-readable log lines instead of JSON (development only). */
  @IsOptional()
  @IsIn(['true', 'false'])
  LOG_PRETTY?: 'true' | 'false';
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}

/** One line per variable: `API_PORT: must be an integer number (got "eighty")`. */
function describe(errors: ValidationError[]): string[] {
  return errors.map((error) => {
    if (error.value === undefined) return `${error.property}: is required`;
    const reasons = Object.values(error.constraints ?? {}).map((m) =>
      m.replace(`${error.property} `, ''),
    );
    // Even a wrong secret may be most of the right one: never echo it into a log.
    const got = SECRET_VARIABLES.has(error.property)
      ? `a value of ${String(error.value).length} characters`
      : JSON.stringify(error.value);
    return `${error.property}: ${reasons.join('; ')} (got ${got})`;
  });
}

const SECRET_VARIABLES = new Set<string>([
  'JWT_SECRET',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRETS',
  'MEDIA_S3_SECRET_ACCESS_KEY',
  'SMTP_URL',
  'ANOMALY_WEBHOOK_SECRET',
  'METRICS_TOKEN',
]);

/**
 * Validates raw environment variables into a typed `Environment`, reporting every
 * problem at once so an operator fixes a bad deploy in one pass.
 */
export function validateEnvironment(
  raw: Record<string, unknown>,
  requiredVariables: ReadonlyArray<keyof Environment> = [],
): Environment {
  const env = plainToInstance(Environment, stripEmpty(raw), { exposeDefaultValues: true });
  const errors = validateSync(env, { forbidUnknownValues: true, stopAtFirstError: true });
  const problems = describe(errors);
  // Optional for the platform, required by a particular app (the API signs tokens; a migration does not).
  for (const name of requiredVariables) {
    if (env[name] === undefined && !errors.some((e) => e.property === name)) {
      problems.push(`${name}: is required`);
    }
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return env;
}

/** An empty variable (`FOO=`) means "not set", as in most twelve-factor tooling. */
function stripEmpty(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
}
