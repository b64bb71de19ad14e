// One chaos seed, start to finish: its own database (a copy of the migrated template), its own
// Redis, the Stripe stand-in and an SMTP catcher, two API processes and two workers; a drop
// driven by the seed's fans while the seed's fault schedule runs; then everything settles and
// the checker reads the truth. Every process is stopped by its PID, every wait is bounded.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { StripeStandIn } from '../../libs/payments/src/stand-in';
import Redis from 'ioredis';
import { Client } from 'pg';
import { ApiClient } from '../../bench/support/api-client';
import { type Fan, provisionFans } from '../../bench/support/fans';
import { type SmtpCatcher, startSmtpCatcher } from '../support/smtp-catcher';
import { InvariantChecker, stuckWork } from './checker';
import { ProcessClocks } from './clocks';
import { Cluster } from './cluster';
import { ChaosCrowd, type CrowdFigures } from './crowd';
import { type ChaosDrops, closeRaffleEntries, createChaosDrops, dropState } from './drops-setup';
import { ChaosHttp } from './http';
import { FaultInjector } from './injector';
import { chaosPort } from './ports';
import { ChaosPostman } from './postman';
import { PrivateRedis, redisDataDir, redisLogFile } from './private-redis';
import { Prng } from './prng';
import { LineSampler } from './sampler';
import {
  describeSchedule,
  type FaultKind,
  faultSchedule,
  type ScheduledFault,
  withoutKinds,
} from './schedule';
import { SeedDb } from './seed-db';
import { appEnvironment, STRIPE_TIMEOUT_MS, SWEEP_SECONDS } from './environment';

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

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function bounded<T>(
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

/** One seed's world, from its database to its processes; torn down by `stop()`. */
class ChaosSeed {
  readonly began = Date.now();
  readonly log: (line: string) => void;
  readonly tag: string;
  readonly database: string;
  readonly databaseUrl: string;
  readonly redisPrefix: string;
  readonly logDir: string;
  readonly rng: Prng;
  readonly schedule: ScheduledFault[];
  readonly stripeKey = `sk_test_chaos${randomBytes(8).toString('hex')}`;
  readonly jwtSecret = randomBytes(32).toString('hex');
  redis!: PrivateRedis;
  stripe!: StripeStandIn;
  mail!: SmtpCatcher;
  cluster?: Cluster;
  clocks?: ProcessClocks;
  db?: SeedDb;
  postman?: ChaosPostman;
  sampler?: LineSampler;

  constructor(readonly o: SeedOptions) {
    this.log = o.log ?? (() => undefined);
    this.tag = `${o.seed}_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
    this.database = `lr_chaos_${this.tag}`;
    this.databaseUrl = withDatabase(o.adminUrl, this.database);
    this.redisPrefix = `chaos:${this.tag}`;
    this.logDir = join(o.workDir, `seed-${this.tag}`);
    mkdirSync(this.logDir, { recursive: true });
    this.rng = new Prng(o.seed);
    this.schedule = withoutKinds(faultSchedule(o.seed, o.driveMs), process.env.CHAOS_WITHOUT);
  }

  get dropIds(): string[] {
    return this.drops ? [this.drops.firstCome.id, this.drops.raffle.id] : [];
  }

  drops?: ChaosDrops;

  /** The database, Redis, the stand-in, the SMTP catcher, two APIs and two workers. */
  async boot(): Promise<void> {
    const { o } = this;
    await onAdmin(o.adminUrl, (c) =>
      c.query(`CREATE DATABASE "${this.database}" TEMPLATE "${o.templateDb}"`),
    );
    this.redis = new PrivateRedis(
      await chaosPort(),
      redisDataDir(this.logDir, o.seed),
      redisLogFile(this.logDir),
    );
    this.stripe = await StripeStandIn.start({ port: await chaosPort(), secretKey: this.stripeKey });
    this.mail = await startSmtpCatcher(await chaosPort());
    await this.redis.start();
    this.clocks = new ProcessClocks(this.logDir);
    this.cluster = new Cluster({
      env: appEnvironment({
        databaseUrl: this.databaseUrl,
        redisUrl: this.redis.url,
        redisPrefix: this.redisPrefix,
        jwtSecret: this.jwtSecret,
        stripe: this.stripe,
        stripeKey: this.stripeKey,
        smtpPort: Number(new URL(this.mail.url).port),
        compileCache: join(o.workDir, 'compile-cache'),
      }),
      apiPorts: [await chaosPort(), await chaosPort()],
      workerPorts: [await chaosPort(), await chaosPort()],
      logDir: this.logDir,
      distDir: o.distDir,
      newPort: chaosPort,
      clocks: this.clocks,
    });
    await this.cluster.start();
    this.log(`cluster up after ${this.elapsed()} s`);
  }

  /** The drops and the fans; the first-come drop opened by the worker. */
  async prepare(): Promise<{ fans: Fan[]; unitsByVariant: Map<string, number> }> {
    const { o } = this;
    const setup = new Client({
      connectionString: this.databaseUrl,
      application_name: 'lr-chaos-setup',
    });
    await setup.connect();
    const units = {
      firstCome: [Math.max(4, Math.round(o.fans / 10)), Math.max(3, Math.round(o.fans / 15))],
      raffle: [Math.max(3, Math.round(o.fans / 25))],
    };
    try {
      const api = new ApiClient(this.cluster!.apiUrl(0));
      this.drops = await createChaosDrops(api, setup, o.seed, units);
      const fans = await provisionFans(setup, o.fans, this.jwtSecret, `s${this.tag}`);
      const db = (this.db = new SeedDb(this.databaseUrl));
      const firstCome = this.drops.firstCome.id;
      const opened = await bounded(30_000, async () =>
        (await dropState(db, firstCome)) === 'live' ? true : undefined,
      );
      if (!opened) throw new Error('the first-come drop did not open within 30 s');
      const unitsByVariant = new Map<string, number>();
      this.drops.firstCome.variantIds.forEach((v, i) => unitsByVariant.set(v, units.firstCome[i]));
      this.drops.raffle.variantIds.forEach((v, i) => unitsByVariant.set(v, units.raffle[i]));
      this.log(`drops and ${o.fans} fans ready after ${this.elapsed()} s`);
      return { fans, unitsByVariant };
    } finally {
      await setup.end();
    }
  }

  /** Fans arrive, the raffle draws midway, offers are claimed, and the faults fly. */
  async drive(crowd: ChaosCrowd, injector: FaultInjector): Promise<void> {
    const { o } = this;
    const db = this.db!;
    const raffle = this.drops!.raffle.id;
    const startedAt = Date.now();
    const until = startedAt + o.driveMs;
    await Promise.all([
      injector.run(this.schedule, startedAt),
      // The raffle's entries close once the fans have arrived (and no sooner than midway).
      (async () => {
        await Promise.all([
          crowd.opening(Math.round(o.driveMs * 0.35), 0.3),
          sleep(o.driveMs * 0.45),
        ]);
        await closeRaffleEntries(db, raffle);
      })(),
      (async () => {
        for (let i = 0; i < 1000 && Date.now() < until; i++) {
          await crowd.claimOffers().catch(() => 0);
          await sleep(500);
        }
      })(),
    ]);
    await crowd.finished();
    this.log('drive over; settling');
  }

  /**
   * Faults off, every process up, every webhook delivered; Redis loses its data one last time;
   * then every hold's time runs out.
   */
  async settleHolds(): Promise<void> {
    const db = this.db!;
    this.stripe.clearFaults();
    await this.cluster!.allUp();
    await this.postman!.settle();
    await this.loseRedisAfterTheLastRestart();
    await bounded(90_000, async () => {
      await db.query(
        `UPDATE holds SET expires_at = now() - interval '1 second'
          WHERE drop_id = ANY($1) AND status = 'active' AND expires_at > now() - interval '1 second'`,
        [this.dropIds],
      );
      await this.postman!.settle();
      const [{ n }] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM holds WHERE drop_id = ANY($1) AND status = 'active'`,
        [this.dropIds],
      );
      return n === 0 && (await this.quiet()) ? true : undefined;
    });
  }

  /**
   * Once every process is up and nothing is pending, Redis restarts without its data. No
   * process starts after this, so the sweeps that expire the holds, rebuild the gate and close
   * the drops below run only if the workers register them again by themselves (during the
   * drive, a worker restarted after a wipe would have hidden their loss).
   */
  private async loseRedisAfterTheLastRestart(): Promise<void> {
    await bounded(60_000, async () => {
      await this.postman!.settle();
      return this.quiet();
    });
    await this.redis.restart(false, 500);
    this.log(`settling: Redis restarted without its data at ${this.elapsed()} s`);
  }

  /** The drops' end comes: the worker's clock closes them; then everything pending finishes. */
  async endDrops(): Promise<void> {
    const db = this.db!;
    await db.query(
      `UPDATE drops SET ends_at = greatest(starts_at + interval '1 millisecond', now())
        WHERE id = ANY($1) AND state IN ('live', 'sold_out')`,
      [this.dropIds],
    );
    await bounded(30_000, async () => {
      const states = await Promise.all(this.dropIds.map((id) => dropState(db, id)));
      return states.every((s) => s === 'closed' || s === 'cancelled') ? true : undefined;
    });
    await bounded(90_000, async () => {
      await this.postman!.settle();
      return this.quiet();
    });
  }

  /** Nothing pending in Postgres or Bull. */
  async quiet(): Promise<true | undefined> {
    return this.withRedis(async (redis) =>
      (await stuckWork(this.db!, redis, this.redisPrefix)).length === 0 ? true : undefined,
    );
  }

  async withRedis<T>(use: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = new Redis(this.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      return await use(redis);
    } finally {
      redis.disconnect();
    }
  }

  elapsed(): string {
    return ((Date.now() - this.began) / 1000).toFixed(1);
  }

  /** Stops everything it started (each process by its PID) and drops its database. */
  async stop(keepDatabase = false): Promise<void> {
    await this.sampler?.stop().catch(() => undefined);
    this.postman?.stop();
    await this.cluster?.stop();
    await this.stripe?.stop();
    await this.mail?.stop();
    await this.redis?.stop();
    await this.db?.end();
    if (keepDatabase) return this.log(`database kept for inspection: ${this.database}`);
    await onAdmin(this.o.adminUrl, (c) =>
      c.query(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`),
    ).catch(() => undefined);
  }
}

export async function runSeed(o: SeedOptions): Promise<SeedResult> {
  const seed = new ChaosSeed(o);
  let failed = false;
  try {
    await seed.boot();
    const { fans, unitsByVariant } = await seed.prepare();
    const cluster = seed.cluster!;
    const origins = (): string[] => cluster.apiUrls();
    const http = new ChaosHttp(origins);
    const postman = (seed.postman = new ChaosPostman(
      seed.stripe,
      origins,
      seed.rng.fork('postman'),
    ));
    const drops = seed.drops!;
    const crowd = new ChaosCrowd(
      http,
      seed.stripe,
      seed.db!,
      drops,
      fans,
      seed.rng.fork('crowd'),
      48,
    );
    const sampler = (seed.sampler = new LineSampler(seed.db!, seed.dropIds));
    sampler.start();
    const injector = new FaultInjector({
      cluster,
      redis: seed.redis,
      redisPrefix: seed.redisPrefix,
      stripe: seed.stripe,
      postman,
      adminUrl: o.adminUrl,
      databaseUrl: seed.databaseUrl,
      database: seed.database,
      hotDropId: drops.firstCome.id,
      stripeTimeoutMs: STRIPE_TIMEOUT_MS,
      clocks: seed.clocks!,
      log: seed.log,
    });
    const loadAtStart = loadavg()[0];
    await seed.drive(crowd, injector);
    const loadAfterDrive = loadavg()[0];
    await seed.settleHolds();
    const checker = new InvariantChecker(seed.db!, seed.stripe, drops, SWEEP_SECONDS);
    await seed.withRedis((redis) => checker.gate(redis, seed.redisPrefix, 40));
    await seed.endDrops();
    await sampler.stop();
    checker.samples(sampler.samples);
    await checker.counters(unitsByVariant);
    await checker.serials();
    await checker.payments();
    await checker.holds();
    await checker.holdsNotCutShort();
    await seed.withRedis((redis) => checker.safetyNets(redis, seed.redisPrefix));
    await seed.withRedis((redis) => checker.nothingStuck(redis, seed.redisPrefix));
    const report = checker.report();
    failed = report.violations.length > 0;
    return {
      seed: o.seed,
      fans: o.fans,
      schedule: seed.schedule,
      injected: injector.injected,
      checks: report.checks,
      samples: sampler.samples.length,
      violations: report.violations,
      crowd: crowd.figures,
      notes: [
        ...cluster.failedRestarts.map((failure) => `restart failed, started again: ${failure}`),
        ...injector.notes,
        `webhooks ${JSON.stringify(postman.figures)}`,
        `http ${JSON.stringify(http.figures)}`,
        // A seed's timing invariants (holds past expiry) read differently on a starved machine.
        `load average ${loadAtStart.toFixed(1)} at the drive's start, ${loadAfterDrive.toFixed(1)} at its end, ${loadavg()[0].toFixed(1)} at the check`,
      ],
      seconds: (Date.now() - seed.began) / 1000,
    };
  } finally {
    // CHAOS_KEEP_FAILED=1 keeps a failing seed's database to look into.
    await seed.stop(failed && process.env.CHAOS_KEEP_FAILED === '1');
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
