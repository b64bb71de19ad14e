// The environment of a seed's API and worker processes: its own database, Redis and Stripe
// stand-in, sweeps every second (so expiries, draws and repairs happen within the seed), short
// Stripe timeouts, and rate limits out of the way (the crowd is many fans on one address).
import type { StripeStandIn } from '../../libs/payments/src/stand-in';

export const SWEEP_SECONDS = 1;
export const STRIPE_TIMEOUT_MS = 1500;

export function appEnvironment(o: {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  jwtSecret: string;
  stripe: StripeStandIn;
  stripeKey: string;
  smtpPort: number;
  compileCache: string;
}): NodeJS.ProcessEnv {
  const unlimited = '100000/60';
  return {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: o.databaseUrl,
    // Postgres is shared: a seed's four processes keep to a few connections each.
    // CHAOS_DATABASE_POOL_SIZE replays a run with another pool (docs/chaos.md: the pool of 3).
    DATABASE_POOL_SIZE: process.env.CHAOS_DATABASE_POOL_SIZE ?? '5',
    REDIS_URL: o.redisUrl,
    REDIS_PREFIX: o.redisPrefix,
    JWT_SECRET: o.jwtSecret,
    LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
    API_HOST: '127.0.0.1',
    WORKER_HOST: '127.0.0.1',
    RATE_LIMIT_AUTH: unlimited,
    RATE_LIMIT_HOLDS_PER_FAN: unlimited,
    RATE_LIMIT_HOLDS_PER_IP: unlimited,
    RATE_LIMIT_WAITLIST: unlimited,
    RATE_LIMIT_RAFFLE: unlimited,
    RATE_LIMIT_ENTRIES_PER_IP: unlimited,
    HOLD_SWEEP_SECONDS: String(SWEEP_SECONDS),
    DROP_SWEEP_SECONDS: String(SWEEP_SECONDS),
    WAITLIST_SWEEP_SECONDS: String(SWEEP_SECONDS),
    RECONCILE_SECONDS: String(SWEEP_SECONDS),
    // A Redis that lost its data gets the sweeps back within a couple of seconds.
    SAFETY_NET_CHECK_SECONDS: '2',
    STRIPE_SECRET_KEY: o.stripeKey,
    STRIPE_WEBHOOK_SECRETS: o.stripe.webhookSecret,
    STRIPE_API_HOST: '127.0.0.1',
    STRIPE_API_PORT: String(o.stripe.port),
    STRIPE_API_PROTOCOL: 'http',
    STRIPE_TIMEOUT_MS: String(STRIPE_TIMEOUT_MS),
    STRIPE_MAX_NETWORK_RETRIES: '2',
    SMTP_URL: `smtp://127.0.0.1:${o.smtpPort}`,
    MAIL_FROM: 'Limited Run <orders@limited-run.test>',
    // Restarted processes load the same modules again: V8's compile cache saves some of it.
    NODE_COMPILE_CACHE: o.compileCache,
  };
}
