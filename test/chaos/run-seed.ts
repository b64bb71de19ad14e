// One chaos seed, start to finish: its own database (a copy of the migrated template), its own
// Redis, the Stripe stand-in and an SMTP catcher, two API processes and two workers; a drop
// driven by the seed's fans while the seed's fault schedule runs; then everything settles and
// the checker reads the truth. Every process is stopped by its PID, every wait is bounded.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { StripeStandIn } from '@limited-run/payments';
import Redis from 'ioredis';
import { Client } from 'pg';
import { ApiClient } from '../../bench/support/api-client';
import { provisionFans } from '../../bench/support/fans';
import { startSmtpCatcher } from '../support/smtp-catcher';
import { InvariantChecker, stuckWork } from './checker';
import { Cluster } from './cluster';
import { ChaosCrowd, type CrowdFigures } from './crowd';
import { closeRaffleEntries, createChaosDrops, dropState } from './drops-setup';
import { ChaosHttp } from './http';
import { FaultInjector } from './injector';
import { chaosPort } from './ports';
import { ChaosPostman } from './postman';
import { PrivateRedis, redisDataDir, redisLogFile } from './private-redis';
import { Prng } from './prng';
import { LineSampler } from './sampler';
import { describeSchedule, type FaultKind, faultSchedule, type ScheduledFault } from './schedule';
import { SeedDb } from './seed-db';

export interface SeedOptions {
  seed: number;
  fans: number;
  /** How long fans act and faults fly, in ms. */
  driveMs: number;
  /** The Postgres server's maintenance database URL (loopback). */
  adminUrl: string;
  /** A migrated database to copy. */
  templateDb: string;
  workDir: string;
  /** Built apps, or unset for ts-node. */
  distDir?: string;
  log?: (line: string) => void;
}

export interface SeedResult {
  seed: number;
  fans: number;
  schedule: ScheduledFault[];
  injected: Partial<Record<FaultKind, number>>;
  checks: number;
  samples: number;
  violations: string[];
  crowd: CrowdFigures;
  notes: string[];
  seconds: number;
}

const SWEEP_SECONDS = 1;
const STRIPE_TIMEOUT_MS = 1500;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function bounded<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(250);
  }
  return undefined;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onAdmin<T>(adminUrl: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl, application_name: 'lr-chaos' });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function appEnvironment(o: {
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
    DATABASE_POOL_SIZE: '3',
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

export async function runSeed(o: SeedOptions): Promise<SeedResult> {
  const began = Date.now();
  const log = o.log ?? (() => undefined);
  const tag = `${o.seed}_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const database = `lr_chaos_${tag}`;
  const databaseUrl = withDatabase(o.adminUrl, database);
  const redisPrefix = `chaos:${tag}`;
  const logDir = join(o.workDir, `seed-${tag}`);
  mkdirSync(logDir, { recursive: true });
  const rng = new Prng(o.seed);
  const schedule = faultSchedule(o.seed, o.driveMs);

  await onAdmin(o.adminUrl, (c) =>
    c.query(`CREATE DATABASE "${database}" TEMPLATE "${o.templateDb}"`),
  );
  const redis = new PrivateRedis(
    await chaosPort(),
    redisDataDir(logDir, o.seed),
    redisLogFile(logDir),
  );
  const stripeKey = `sk_test_chaos${randomBytes(8).toString('hex')}`;
  const stripe = await StripeStandIn.start({ port: await chaosPort(), secretKey: stripeKey });
  const mail = await startSmtpCatcher(await chaosPort());
  const jwtSecret = randomBytes(32).toString('hex');
  let cluster: Cluster | undefined;
  let db: SeedDb | undefined;
  let postman: ChaosPostman | undefined;
  let sampler: LineSampler | undefined;
  try {
    await redis.start();
    const env = appEnvironment({
      databaseUrl,
      redisUrl: redis.url,
      redisPrefix,
      jwtSecret,
      stripe,
      stripeKey,
      smtpPort: Number(new URL(mail.url).port),
      compileCache: join(o.workDir, 'compile-cache'),
    });
    cluster = new Cluster({
      env,
      apiPorts: [await chaosPort(), await chaosPort()],
      workerPorts: [await chaosPort(), await chaosPort()],
      logDir,
      distDir: o.distDir,
      newPort: chaosPort,
    });
    await cluster.start();
    log(`cluster up after ${((Date.now() - began) / 1000).toFixed(1)} s`);
    const liveCluster = cluster;
    const origins = (): string[] => liveCluster.apiUrls();
    const setup = new Client({ connectionString: databaseUrl, application_name: 'lr-chaos-setup' });
    await setup.connect();
    const units = {
      firstCome: [Math.max(4, Math.round(o.fans / 10)), Math.max(3, Math.round(o.fans / 15))],
      raffle: [Math.max(3, Math.round(o.fans / 25))],
    };
    const drops = await createChaosDrops(new ApiClient(origins()[0]), setup, o.seed, units);
    const fans = await provisionFans(setup, o.fans, jwtSecret, `s${tag}`);
    await setup.end();
    db = new SeedDb(databaseUrl);
    const seedDb = db;
    const opened = await bounded('opening', 30_000, async () =>
      (await dropState(seedDb, drops.firstCome.id)) === 'live' ? true : undefined,
    );
    if (!opened) throw new Error('the first-come drop did not open within 30 s');
    const unitsByVariant = new Map<string, number>();
    drops.firstCome.variantIds.forEach((v, i) => unitsByVariant.set(v, units.firstCome[i]));
    drops.raffle.variantIds.forEach((v, i) => unitsByVariant.set(v, units.raffle[i]));

    log(`drops and ${o.fans} fans ready after ${((Date.now() - began) / 1000).toFixed(1)} s`);
    const http = new ChaosHttp(origins);
    postman = new ChaosPostman(stripe, origins, rng.fork('postman'));
    const crowd = new ChaosCrowd(http, stripe, db, drops, fans, rng.fork('crowd'), 48);
    sampler = new LineSampler(db, [drops.firstCome.id, drops.raffle.id]);
    sampler.start();
    const injector = new FaultInjector({
      cluster,
      redis,
      redisPrefix,
      stripe,
      postman,
      adminUrl: o.adminUrl,
      databaseUrl,
      database,
      hotDropId: drops.firstCome.id,
      stripeTimeoutMs: STRIPE_TIMEOUT_MS,
      log,
    });

    // The drive: fans arrive, the raffle draws midway, offers are claimed, faults fly.
    const startedAt = Date.now();
    const until = startedAt + o.driveMs;
    await Promise.all([
      injector.run(schedule, startedAt),
      // The raffle's entries close once the fans have arrived (and no sooner than midway).
      (async () => {
        await Promise.all([
          crowd.opening(Math.round(o.driveMs * 0.35), 0.3),
          sleep(o.driveMs * 0.45),
        ]);
        await closeRaffleEntries(seedDb, drops.raffle.id);
      })(),
      (async () => {
        for (let i = 0; i < 1000 && Date.now() < until; i++) {
          await crowd.claimOffers().catch(() => 0);
          await sleep(500);
        }
      })(),
    ]);
    await crowd.finished();
    log('drive over; settling');

    // Settling: faults off, every process up, every webhook delivered; then time passes.
    stripe.clearFaults();
    await cluster.allUp();
    await postman.settle();
    const allQuiet = async (): Promise<true | undefined> => {
      const redisClient = new Redis(redis.url, {
        keyPrefix: '',
        lazyConnect: true,
        maxRetriesPerRequest: 1,
      });
      redisClient.on('error', () => undefined);
      try {
        await redisClient.connect();
        return (await stuckWork(seedDb, redisClient, redisPrefix)).length === 0 ? true : undefined;
      } finally {
        redisClient.disconnect();
      }
    };
    await bounded('holds run out', 90_000, async () => {
      await seedDb.query(
        `UPDATE holds SET expires_at = now() - interval '1 second'
          WHERE drop_id = ANY($1) AND status = 'active' AND expires_at > now() - interval '1 second'`,
        [[drops.firstCome.id, drops.raffle.id]],
      );
      await postman!.settle();
      const [{ n }] = await seedDb.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM holds WHERE drop_id = ANY($1) AND status = 'active'`,
        [[drops.firstCome.id, drops.raffle.id]],
      );
      return n === 0 && (await allQuiet()) ? true : undefined;
    });

    const checker = new InvariantChecker(db, stripe, drops, SWEEP_SECONDS);
    const gateClient = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    gateClient.on('error', () => undefined);
    await gateClient.connect();
    try {
      await checker.gate(gateClient, redisPrefix, 40);
      // The drops' end comes: the worker's clock closes them.
      await seedDb.query(
        `UPDATE drops SET ends_at = greatest(starts_at + interval '1 millisecond', now())
          WHERE id = ANY($1) AND state IN ('live', 'sold_out')`,
        [[drops.firstCome.id, drops.raffle.id]],
      );
      await bounded('drops end', 30_000, async () => {
        const states = await Promise.all(
          [drops.firstCome.id, drops.raffle.id].map((id) => dropState(seedDb, id)),
        );
        return states.every((s) => s === 'closed' || s === 'cancelled') ? true : undefined;
      });
      await bounded('quiet', 90_000, async () => {
        await postman!.settle();
        return allQuiet();
      });
      await sampler.stop();
      checker.samples(sampler.samples);
      await checker.counters(unitsByVariant);
      await checker.serials();
      await checker.payments();
      await checker.holds();
      await checker.nothingStuck(gateClient, redisPrefix);
    } finally {
      gateClient.disconnect();
    }
    const report = checker.report();
    return {
      seed: o.seed,
      fans: o.fans,
      schedule,
      injected: injector.injected,
      checks: report.checks,
      samples: sampler.samples.length,
      violations: report.violations,
      crowd: crowd.figures,
      notes: [
        ...injector.notes,
        ...(postman ? [`webhooks ${JSON.stringify(postman.figures)}`] : []),
        `http ${JSON.stringify(http.figures)}`,
      ],
      seconds: (Date.now() - began) / 1000,
    };
  } finally {
    await sampler?.stop().catch(() => undefined);
    postman?.stop();
    await cluster?.stop();
    await stripe.stop();
    await mail.stop();
    await redis.stop();
    await db?.end();
    await onAdmin(o.adminUrl, (c) =>
      c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
    ).catch(() => undefined);
  }
}

export function describeFailure(result: SeedResult): string {
  return [
    `chaos seed ${result.seed} broke ${result.violations.length} invariant(s):`,
    ...result.violations.map((v) => `- ${v}`),
    `fault schedule (replay with --seed ${result.seed} --fans ${result.fans}):`,
    describeSchedule(result.schedule),
    ...result.notes,
  ].join('\n');
}
