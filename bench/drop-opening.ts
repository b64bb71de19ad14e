// `npm run bench:drop-opening [-- --fans 20000 --units 500 --variants 5 --concurrency 256
//                        --api-processes 1 --duration-limit 120 --per-customer-limit 2
//                        --log-level warn --cold-auth --profile --dist-dir dist]`
// (`--duration-limit` stops each load phase; `--dist-dir` runs apps built elsewhere.)
//
// A drop opening, end to end: builds the apps, starts the API (1 or 2 processes) and the
// worker from dist/ on a fresh database and Redis prefix, creates a live drop through the API,
// and fires one hold per fan at a fixed concurrency from a load generator in its own process.
// Then checks the invariants in Postgres and Redis, counts the SQL the declines cost, and
// measures, in the same run, the ceiling: a bare node:http server doing one Redis Lua call of
// the same shape. Results are appended to docs/benchmarks.md. See docs/benchmarks.md.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Environment, runMigrations } from '@limited-run/platform';
import { Client } from 'pg';
import { delay, freePort } from '../scripts/dev-services';
import { ApiClient, createAdmin, createScheduledDrop, type BenchDrop } from './support/api-client';
import type { BareServerConfig } from './bare-redis-server';
import { parseFlags } from './support/cli';
import { summarizeProfile, type ProfileSummary } from './support/cpu-profile';
import { benchServices, childEnvironment } from './support/environment';
import { type Fan, provisionFans } from './support/fans';
import type { LoadJob, LoadResult } from './support/load-job';
import {
  readStatementCalls,
  readTableActivity,
  readXacts,
  STATS_FLUSH_WAIT_MS,
  statementsStatisticsAvailable,
  waitForStatsFlush,
  type XactCount,
} from './support/pg-stats';
import {
  assertLoopback,
  createDatabase,
  dropDatabase,
  maintenanceUrl,
  withClient,
} from './support/postgres';
import {
  exitCode,
  type Started,
  startNode,
  stopAll,
  TS_NODE,
  waitHealthy,
} from './support/processes';
import { deleteKeysWithPrefix, gateCounters, redisVersion } from './support/redis';
import { appendResults, commandLine, factsLines, machineFacts } from './support/report';
import { runBench } from './support/run-bench';
import { int, type LatencySummary, ms, summarize } from './support/stats';

const ROOT = join(__dirname, '..');
/** Rate limits far above anything the benchmark sends: it measures the engine, not the limiter. */
const NO_RATE_LIMIT = '999999/1';

const say = (line = ''): void => void process.stdout.write(`${line}\n`);

interface Options {
  fans: number;
  units: number;
  variants: number;
  concurrency: number;
  apiProcesses: number;
  durationLimit: number;
  perCustomerLimit: number;
  coldAuth: boolean;
  profile: boolean;
  logLevel: string;
  /** Where the built apps are (`dist/` of this checkout unless `--dist-dir`). */
  distDir: string;
}

function readOptions(argv: readonly string[]): Options {
  const { integers, strings, booleans } = parseFlags(argv, {
    integers: {
      fans: 20_000,
      units: 500,
      variants: 5,
      concurrency: 256,
      'api-processes': 1,
      'duration-limit': 120,
      'per-customer-limit': 2,
    },
    strings: { 'log-level': 'warn', 'dist-dir': join(ROOT, 'dist') },
    booleans: ['cold-auth', 'profile'],
  });
  const options: Options = {
    fans: integers.fans,
    units: integers.units,
    variants: integers.variants,
    concurrency: integers.concurrency,
    apiProcesses: integers['api-processes'],
    durationLimit: integers['duration-limit'],
    perCustomerLimit: integers['per-customer-limit'],
    coldAuth: booleans['cold-auth'],
    profile: booleans.profile,
    logLevel: strings['log-level'],
    distDir: resolve(strings['dist-dir']),
  };
  if (options.apiProcesses > 2) throw new Error('--api-processes must be 1 or 2');
  if (options.concurrency % options.apiProcesses !== 0) {
    throw new Error('--concurrency must split evenly over the API processes');
  }
  if (options.fans < options.concurrency) throw new Error('--fans must be at least --concurrency');
  if (options.units < options.variants) throw new Error('--units must be at least --variants');
  return options;
}

/** One merged view of the load generators' results (one per server process). */
interface Phase {
  responses: number;
  seconds: number;
  rps: number;
  all: LatencySummary;
  granted: LatencySummary;
  declined: LatencySummary;
  byCode: Record<string, number>;
  holdIds: string[];
  connectionErrors: number;
  timeouts: number;
  stoppedEarly: boolean;
}

function merge(results: LoadResult[]): Phase {
  const byCode: Record<string, number> = {};
  for (const r of results) {
    for (const [code, n] of Object.entries(r.byCode)) byCode[code] = (byCode[code] ?? 0) + n;
  }
  const responses = results.reduce((n, r) => n + r.responses, 0);
  const seconds = Math.max(...results.map((r) => r.seconds));
  const granted = results.flatMap((r) => r.grantedMs);
  const declined = results.flatMap((r) => r.declinedMs);
  return {
    responses,
    seconds,
    rps: responses / seconds,
    all: summarize([...granted, ...declined]),
    granted: summarize(granted),
    declined: summarize(declined),
    byCode,
    holdIds: results.flatMap((r) => r.holdIds),
    connectionErrors: results.reduce((n, r) => n + r.connectionErrors, 0),
    timeouts: results.reduce((n, r) => n + r.timeouts, 0),
    stoppedEarly: results.some((r) => r.stoppedEarly),
  };
}

class DropBench {
  private readonly runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  private readonly database = `lr_bench_drop_${this.runId}`;
  private readonly redisPrefix = `lrbench:${this.runId}`;
  private readonly jwtSecret = randomBytes(32).toString('hex');
  private readonly workDir = mkdtempSync(join(tmpdir(), 'lr-bench-drop-'));
  private readonly adminUrl: string;
  private readonly redisUrl: string;
  private readonly apiMain: string;
  private readonly workerMain: string;
  private databaseUrl = '';
  private apis: Array<{ proc: Started; origin: string; startedAt: number }> = [];
  /** Wall-clock start of each API process by profile file name, to window its profile. */
  private readonly apiStarts = new Map<string, number>();
  private holdPhase = { from: 0, to: 0 };
  private worker?: Started;

  constructor(private readonly options: Options) {
    const services = benchServices();
    this.adminUrl = maintenanceUrl(services.databaseUrl);
    this.redisUrl = services.redisUrl ?? 'redis://127.0.0.1:6379';
    assertLoopback(this.adminUrl);
    assertLoopback(this.redisUrl);
    this.apiMain = join(options.distDir, 'apps/api/src/main.js');
    this.workerMain = join(options.distDir, 'apps/worker/src/main.js');
  }

  private appEnvironment(): NodeJS.ProcessEnv {
    const rateLimits = Object.keys(new Environment()).filter((k) => k.startsWith('RATE_LIMIT_'));
    return childEnvironment({
      NODE_ENV: 'production',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redisUrl,
      REDIS_PREFIX: this.redisPrefix,
      JWT_SECRET: this.jwtSecret,
      LOG_LEVEL: this.options.logLevel,
      API_HOST: '127.0.0.1',
      WORKER_HOST: '127.0.0.1',
      TRUST_PROXY: 'false',
      CORS_ORIGINS: '',
      // Production refuses to start without SMTP; nothing listens there and no hold sends mail.
      SMTP_URL: 'smtp://127.0.0.1:9',
      ...Object.fromEntries(rateLimits.map((name) => [name, NO_RATE_LIMIT])),
    });
  }

  private async startWorker(): Promise<void> {
    const port = await freePort();
    this.worker = startNode({
      name: 'worker',
      args: [this.workerMain],
      env: { ...this.appEnvironment(), WORKER_PORT: String(port) },
      cwd: ROOT,
      logFile: join(this.workDir, 'worker.log'),
    });
    await waitHealthy(this.worker, `http://127.0.0.1:${port}/health/live`);
  }

  private async startApis(profile: boolean): Promise<void> {
    for (let i = 0; i < this.options.apiProcesses; i++) {
      const port = await freePort();
      const startedAt = Date.now();
      this.apiStarts.set(`api-${i + 1}.cpuprofile`, startedAt);
      const profiling = profile
        ? [
            '--cpu-prof',
            `--cpu-prof-dir=${join(this.workDir, 'profiles')}`,
            `--cpu-prof-name=api-${i + 1}.cpuprofile`,
          ]
        : [];
      const proc = startNode({
        name: `api-${i + 1}`,
        args: [...profiling, this.apiMain],
        env: { ...this.appEnvironment(), API_PORT: String(port) },
        cwd: ROOT,
        logFile: join(this.workDir, `api-${i + 1}.log`),
      });
      const origin = `http://127.0.0.1:${port}`;
      this.apis.push({ proc, origin, startedAt });
      await waitHealthy(proc, `${origin}/health/live`);
    }
  }

  private async stopApis(): Promise<void> {
    for (const { proc } of this.apis) await proc.stop();
    this.apis = [];
  }

  /** Fires one request per fan, fans and connections split evenly over `origins`. */
  private async load(
    label: string,
    origins: string[],
    fans: Fan[],
    request: Pick<LoadJob, 'method' | 'path' | 'variantIds' | 'quantity'>,
  ): Promise<Phase> {
    const share = Math.ceil(fans.length / origins.length);
    const runners = origins.map(async (origin, i) => {
      const tokens = fans.slice(i * share, (i + 1) * share).map((fan) => fan.token);
      const job: LoadJob = {
        label: origins.length > 1 ? `${label}-${i + 1}` : label,
        origin,
        ...request,
        tokens,
        amount: tokens.length,
        connections: Math.min(this.options.concurrency / origins.length, tokens.length),
        durationLimitSeconds: this.options.durationLimit,
        resultFile: join(this.workDir, `${label}-${i + 1}.result.json`),
      };
      const jobFile = join(this.workDir, `${label}-${i + 1}.job.json`);
      writeFileSync(jobFile, JSON.stringify(job));
      const proc = startNode({
        name: `load-${job.label}`,
        args: [...TS_NODE, join(__dirname, 'load-runner.ts'), jobFile],
        env: childEnvironment({}),
        cwd: ROOT,
        logFile: join(this.workDir, `${label}-${i + 1}.log`),
        onLine: (line) => say(`  ${line}`),
      });
      // The runner stops itself at the limit; this is the backstop if it hangs.
      const backstop = setTimeout(
        () => void proc.stop(1000),
        (this.options.durationLimit + 60) * 1000,
      );
      const code = await exitCode(proc);
      clearTimeout(backstop);
      if (code !== 0 || !existsSync(job.resultFile)) {
        throw new Error(
          `load generator ${job.label} failed (exit ${code}):\n${proc.tail.join('\n')}`,
        );
      }
      return JSON.parse(readFileSync(job.resultFile, 'utf8')) as LoadResult;
    });
    return merge(await Promise.all(runners));
  }

  private async waitLive(api: ApiClient, dropId: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { state } = await api.call<{ state: string }>('GET', `/drops/${dropId}`, 200);
      if (state === 'live') return;
      await delay(250);
    }
    throw new Error(`the drop was not live ${timeoutMs / 1000} s after its start`);
  }

  async run(argv: readonly string[]): Promise<void> {
    const o = this.options;
    if (!existsSync(this.apiMain) || !existsSync(this.workerMain)) {
      throw new Error(
        'dist/ is missing the apps: run `npm run build` first (npm run bench:drop-opening does)',
      );
    }
    const pgVersion = await withClient(
      this.adminUrl,
      async (c) =>
        (await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v,
    );
    const facts = machineFacts(pgVersion, await redisVersion(this.redisUrl));
    say(
      `bench:drop-opening · run ${this.runId} · load average ${facts.load} · logs in ${this.workDir}`,
    );
    say(
      `  ${int(o.fans)} fans, ${int(o.units)} units over ${o.variants} variants, per-fan limit ` +
        `${o.perCustomerLimit}, concurrency ${o.concurrency}, ${o.apiProcesses} API process(es) + 1 worker`,
    );
    say(
      `  RATE_LIMIT_* set to ${NO_RATE_LIMIT}: the limiter still runs (its Redis calls are in the ` +
        `figures) but never refuses, so this measures the engine, not the limiter. LOG_LEVEL=${o.logLevel}.`,
    );

    this.databaseUrl = await createDatabase(this.adminUrl, this.database);
    await runMigrations(this.databaseUrl);
    const db = new Client({ connectionString: this.databaseUrl, application_name: 'lr-bench' });
    await db.connect();
    try {
      await this.startWorker();
      await this.startApis(false);
      const api = new ApiClient(this.apis[0].origin);
      const admin = await createAdmin(api, db);

      say(`  provisioning ${int(o.fans)} fans in bulk (SQL insert + self-signed access tokens)…`);
      const fans = await provisionFans(db, o.fans, this.jwtSecret, this.runId);

      if (!o.coldAuth) {
        // The access guard reads account and session state through a Redis cache (5 min TTL);
        // a fan's first request after that costs one Postgres query. Fans waiting on the drop
        // page have warm entries; --cold-auth measures the opposite.
        say('  warming the auth-state cache: GET /me once per fan…');
        const warm = await this.load(
          'warm-auth',
          this.apis.map((a) => a.origin),
          fans,
          { method: 'GET', path: '/me', variantIds: [], quantity: 0 },
        );
        const ok = warm.byCode['200 granted'] ?? 0;
        if (ok !== fans.length) {
          throw new Error(
            `auth warm-up: ${ok}/${fans.length} answered 200: ${JSON.stringify(warm.byCode)}`,
          );
        }
      }
      if (o.profile) {
        // Profile only the drop: restart the APIs (their caches live in Redis, not in the process).
        await this.stopApis();
        await this.startApis(true);
      }

      const adminApi = new ApiClient(this.apis[0].origin).as(admin.token);
      const drop = await createScheduledDrop(adminApi, admin.email, {
        units: o.units,
        variants: o.variants,
        perCustomerLimit: o.perCustomerLimit,
        opensInSeconds: 3,
      });
      await this.waitLive(adminApi, drop.id, 30_000);
      say(`  drop ${drop.id} is live (${drop.allocation.join(' + ')} units)`);

      const useStatements = await statementsStatisticsAvailable(this.adminUrl);
      const sql = useStatements
        ? await this.countStatements(() => this.fire(drop, fans))
        : await this.countTransactions(() => this.fire(drop, fans));
      const ours = sql.phase;

      const truth = await this.verify(db, drop, ours);
      const profiles = o.profile ? await this.stopAndReadProfiles() : [];
      await this.stopApis();
      await this.worker?.stop();

      say('\n  ceiling: bare node:http + one Redis Lua call, same load…');
      const ceiling = await this.ceiling(drop, fans);

      const report = this.report(ours, sql, truth, ceiling, profiles, drop);
      say(`\n${report.console}`);
      appendResults(
        [
          `### bench:drop-opening — ${facts.date}`,
          '',
          ...factsLines(facts, commandLine('bench:drop-opening', argv)),
          ...report.markdown,
        ].join('\n'),
      );
      say('\nAppended to docs/benchmarks.md');
      if (!truth.ok) process.exitCode = 1;
    } finally {
      await db.end().catch(() => undefined);
    }
  }

  private async fire(drop: BenchDrop, fans: Fan[]): Promise<Phase> {
    say(`  firing ${int(fans.length)} holds at concurrency ${this.options.concurrency}…`);
    this.holdPhase.from = Date.now();
    const phase = await this.load(
      'holds',
      this.apis.map((a) => a.origin),
      fans,
      { method: 'POST', path: `/drops/${drop.id}/holds`, variantIds: drop.variantIds, quantity: 1 },
    );
    this.holdPhase.to = Date.now();
    return phase;
  }

  /** pg_stat_database transactions during the phase, minus the background rate. */
  private async countTransactions(phase: () => Promise<Phase>): Promise<SqlCount> {
    say('  measuring background SQL (pg_stat_database, ~22 s of quiet)…');
    // A connection's start-up counts as a committed transaction too: leave those out.
    const work = (x: XactCount): number => x.commits + x.rollbacks - x.sessions;
    await waitForStatsFlush();
    const a = await readXacts(this.adminUrl, this.database);
    await waitForStatsFlush();
    const b = await readXacts(this.adminUrl, this.database);
    // Read in the bench database: one connection and one transaction there, subtracted below.
    const tablesBefore = await readTableActivity(this.databaseUrl);
    const result = await phase();
    say('  waiting for Postgres to flush its statistics…');
    await waitForStatsFlush();
    const c = await readXacts(this.adminUrl, this.database);
    const tablesAfter = await readTableActivity(this.databaseUrl);
    const backgroundRate = (work(b) - work(a)) / ((b.at - a.at) / 1000);
    return {
      method:
        'pg_stat_database transactions, connection start-ups excluded ' +
        '(pg_stat_statements is not in shared_preload_libraries)',
      phase: result,
      transactions: work(c) - work(b) - 1,
      rollbacks: c.rollbacks - b.rollbacks,
      connections: c.sessions - b.sessions - 1,
      background: backgroundRate * ((c.at - b.at) / 1000),
      backgroundRate,
      tables: tableDelta(tablesBefore, tablesAfter),
    };
  }

  /** pg_stat_statements calls during the phase, statement by statement, minus the background. */
  private async countStatements(phase: () => Promise<Phase>): Promise<SqlCount> {
    await withClient(this.databaseUrl, (c) =>
      c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'),
    );
    say('  measuring background SQL (pg_stat_statements, 11 s of quiet)…');
    const a = { calls: await readStatementCalls(this.databaseUrl), at: Date.now() };
    // Also lets the table counters of the set-up settle before they are read.
    await waitForStatsFlush();
    const b = { calls: await readStatementCalls(this.databaseUrl), at: Date.now() };
    const tablesBefore = await readTableActivity(this.databaseUrl);
    const result = await phase();
    const c = { calls: await readStatementCalls(this.databaseUrl), at: Date.now() };
    await waitForStatsFlush();
    const tablesAfter = await readTableActivity(this.databaseUrl);
    const delta = (from: Map<string, number>, to: Map<string, number>) =>
      [...to.entries()]
        .map(([query, calls]) => ({ query, calls: calls - (from.get(query) ?? 0) }))
        .filter((st) => st.calls > 0 && !/pg_stat_statements|pg_stat_user_tables/.test(st.query))
        .sort((x, y) => y.calls - x.calls);
    // Statements of the admitted requests' transactions are set aside by their text; the rest
    // (the drop-terms memo, the worker's sweeps, any per-request read) is what declines may cost.
    const outsideHolds = (statements: Array<{ query: string; calls: number }>): number =>
      statements
        .filter((st) => !HOLD_TRANSACTION.test(st.query))
        .reduce((n, st) => n + st.calls, 0);
    const statements = delta(b.calls, c.calls);
    const backgroundRate = outsideHolds(delta(a.calls, b.calls)) / ((b.at - a.at) / 1000);
    return {
      method:
        'pg_stat_statements calls, minus the statements of the hold transaction (BEGIN, the ' +
        'fan-units upsert, the hold and ledger inserts, the guarded UPDATE, COMMIT/ROLLBACK)',
      phase: result,
      transactions: outsideHolds(statements),
      statementsTotal: statements.reduce((n, st) => n + st.calls, 0),
      rollbacks: 0,
      connections: 0,
      background: backgroundRate * ((c.at - b.at) / 1000),
      backgroundRate,
      tables: tableDelta(tablesBefore, tablesAfter),
      statements: statements.slice(0, 25),
    };
  }

  private async verify(db: Client, drop: BenchDrop, ours: Phase): Promise<Truth> {
    const { rows: lines } = await db.query<LineTruth>(
      `SELECT l.variant_id AS "variantId", l.quantity_allocated AS allocated, l.held, l.sold,
              (SELECT count(*)::int FROM holds h WHERE h.drop_id = l.drop_id
                  AND h.variant_id = l.variant_id AND h.status IN ('active', 'converted')) AS "holdRows",
              (SELECT coalesce(sum(h.quantity), 0)::int FROM holds h WHERE h.drop_id = l.drop_id
                  AND h.variant_id = l.variant_id AND h.status IN ('active', 'converted')) AS "holdUnits",
              (SELECT coalesce(sum(m.quantity), 0)::int FROM inventory_movements m
                WHERE m.drop_id = l.drop_id AND m.variant_id = l.variant_id AND m.kind = 'hold') AS "ledgerUnits"
         FROM drop_lines l WHERE l.drop_id = $1`,
      [drop.id],
    );
    const { rows: fanRows } = await db.query<{ most: number | null }>(
      `SELECT max(units)::int AS most FROM (SELECT sum(quantity) AS units FROM holds
         WHERE drop_id = $1 AND status IN ('active', 'converted') GROUP BY user_id) f`,
      [drop.id],
    );
    const gate: Record<string, string> = await gateCounters(
      this.redisUrl,
      `${this.redisPrefix}:`,
      drop.id,
    ).catch(() => ({}));
    const sum = (pick: (l: LineTruth) => number): number => lines.reduce((n, l) => n + pick(l), 0);
    const oversoldUnits = sum((l) => Math.max(0, l.held + l.sold - l.allocated));
    const oversoldRows = sum((l) => Math.max(0, l.holdUnits - l.allocated));
    const holdRows = sum((l) => l.holdRows);
    const granted = ours.byCode['201 granted'] ?? 0;
    const problems: string[] = [];
    if (oversoldUnits > 0) problems.push(`counters oversold by ${oversoldUnits}`);
    if (oversoldRows > 0) problems.push(`hold rows exceed allocation by ${oversoldRows}`);
    if (holdRows !== granted) problems.push(`${holdRows} hold rows but ${granted} 201 answers`);
    if (new Set(ours.holdIds).size !== ours.holdIds.length)
      problems.push('a hold id was answered twice');
    for (const l of lines) {
      if (l.held !== l.holdUnits)
        problems.push(`variant ${l.variantId}: held ${l.held} ≠ hold rows ${l.holdUnits}`);
      if (l.ledgerUnits !== l.holdUnits)
        problems.push(`variant ${l.variantId}: ledger ${l.ledgerUnits} ≠ holds ${l.holdUnits}`);
      const cached = gate[l.variantId];
      if (cached !== undefined && Number(cached) !== l.allocated - l.held - l.sold) {
        problems.push(
          `variant ${l.variantId}: Redis says ${cached} left, Postgres ${l.allocated - l.held - l.sold}`,
        );
      }
    }
    const most = fanRows[0]?.most ?? 0;
    if (most > this.options.perCustomerLimit) problems.push(`a fan holds ${most} units`);
    return {
      ok: problems.length === 0,
      problems,
      allocated: sum((l) => l.allocated),
      held: sum((l) => l.held),
      sold: sum((l) => l.sold),
      holdRows,
      oversoldUnits,
      oversoldRows,
      mostPerFan: most,
      gateChecked: Object.keys(gate).length > 0,
    };
  }

  private async stopAndReadProfiles(): Promise<Array<{ name: string; summary: ProfileSummary }>> {
    await this.stopApis();
    const dir = join(this.workDir, 'profiles');
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((file) => file.endsWith('.cpuprofile'))
      .map((file) => {
        // Only the hold phase: start-up, set-up and the idle waits are left out.
        const startedAt = this.apiStarts.get(file) ?? this.holdPhase.from;
        const window = {
          fromMs: this.holdPhase.from - startedAt,
          toMs: this.holdPhase.to - startedAt,
        };
        return { name: join(dir, file), summary: summarizeProfile(join(dir, file), window) };
      });
  }

  private async ceiling(drop: BenchDrop, fans: Fan[]): Promise<Phase> {
    const origins: string[] = [];
    for (let i = 0; i < this.options.apiProcesses; i++) {
      const port = await freePort();
      const config: BareServerConfig = {
        port,
        redisUrl: this.redisUrl,
        keyPrefix: `${this.redisPrefix}:bare:`,
        dropId: drop.id,
        available: Object.fromEntries(drop.variantIds.map((id, v) => [id, drop.allocation[v]])),
        perCustomerLimit: this.options.perCustomerLimit,
        // The servers share the counters: only the first one seeds them.
        seed: i === 0,
      };
      const configFile = join(this.workDir, `bare-${i + 1}.json`);
      writeFileSync(configFile, JSON.stringify(config));
      const proc = startNode({
        name: `bare-${i + 1}`,
        args: [...TS_NODE, join(__dirname, 'bare-redis-server.ts'), configFile],
        env: childEnvironment({}),
        cwd: ROOT,
        logFile: join(this.workDir, `bare-${i + 1}.log`),
      });
      await waitForLine(proc, 'ready', 30_000);
      origins.push(`http://127.0.0.1:${port}`);
    }
    return this.load('ceiling', origins, fans, {
      method: 'POST',
      path: `/drops/${drop.id}/holds`,
      variantIds: drop.variantIds,
      quantity: 1,
    });
  }

  private report(
    ours: Phase,
    sql: SqlCount,
    truth: Truth,
    ceiling: Phase,
    profiles: Array<{ name: string; summary: ProfileSummary }>,
    drop: BenchDrop,
  ): { console: string; markdown: string[] } {
    const o = this.options;
    const granted = ours.byCode['201 granted'] ?? 0;
    const declines = Object.entries(ours.byCode).filter(([code]) => !code.startsWith('2'));
    const declined = declines.reduce((n, [, c]) => n + c, 0);
    // Every admitted request is one transaction: a hold that committed, or one Postgres refused.
    // pg_stat_database: every admitted request is one transaction (a hold that committed, or one
    // Postgres refused). pg_stat_statements: their statements were already set aside by text.
    const admitted = sql.statements ? 0 : truth.holdRows + sql.rollbacks;
    const unexplained = sql.transactions - admitted - sql.background;
    const perDecline = declined > 0 ? Math.max(0, unexplained) / declined : 0;
    const ratio = ours.rps / ceiling.rps;
    const targets = [
      [
        `holds and declines ≥ 40 % of the bare Redis ceiling`,
        ratio >= 0.4,
        `${(ratio * 100).toFixed(1)} %`,
      ],
      [`p99 ≤ 50 ms at c=${o.concurrency}`, ours.all.p99 <= 50, ms(ours.all.p99)],
      [
        '0 oversold',
        truth.oversoldUnits === 0 && truth.oversoldRows === 0,
        String(truth.oversoldUnits + truth.oversoldRows),
      ],
      [
        '0 SQL per decline (met when below 0.01: no per-request SQL, only time-based reads)',
        perDecline < 0.01,
        perDecline.toFixed(4),
      ],
    ] as const;
    const codeList = declines
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `${code} × ${int(n)}`)
      .join(', ');

    const lines: string[] = [
      `- Setup: ${int(o.fans)} fans (provisioned in bulk: SQL insert, one argon2 hash, access tokens signed ` +
        `with the API's secret) · ${int(o.units)} units over ${o.variants} variants (${drop.allocation.join(' + ')}) · ` +
        `per-fan limit ${o.perCustomerLimit} · one hold request per fan, quantity 1, variants round-robin · ` +
        `autocannon, ${o.concurrency} connections, in its own process · ${o.apiProcesses} API process(es) + 1 worker from ` +
        `${o.distDir === join(ROOT, 'dist') ? 'dist/' : `${o.distDir} (--dist-dir)`}, ` +
        `NODE_ENV=production, LOG_LEVEL=${o.logLevel} · RATE_LIMIT_* = ${NO_RATE_LIMIT} (limiter runs, never refuses) · ` +
        `Postgres at ${new URL(this.adminUrl).host}, Redis at ${new URL(this.redisUrl).host} · ` +
        (o.coldAuth
          ? 'auth-state cache cold (--cold-auth): each fan’s first request reads Postgres'
          : 'auth-state cache warmed first (GET /me per fan)'),
      '',
      '| | requests | seconds | req/s | p50 | p95 | p99 | max |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      phaseRow('Limited Run (POST /drops/:id/holds)', ours),
      phaseRow('ceiling: bare node:http + 1 Redis Lua call', ceiling),
      '',
      `- Ratio to the ceiling: **${(ratio * 100).toFixed(1)} %** (${int(Math.round(ours.rps))} ÷ ${int(Math.round(ceiling.rps))} req/s)`,
      `- Latency by outcome (ours): granted p50/p95/p99 ${ms(ours.granted.p50)} / ${ms(ours.granted.p95)} / ${ms(ours.granted.p99)}; ` +
        `declined ${ms(ours.declined.p50)} / ${ms(ours.declined.p95)} / ${ms(ours.declined.p99)}`,
      `- Holds granted: ${int(granted)} (hold rows in Postgres: ${int(truth.holdRows)}; allocated ${int(truth.allocated)}, ` +
        `held ${int(truth.held)}, sold ${int(truth.sold)}; most units held by one fan: ${truth.mostPerFan})`,
      `- Declines by code: ${codeList || 'none'}` +
        (ours.connectionErrors + ours.timeouts > 0
          ? ` · connection errors ${ours.connectionErrors}, timeouts ${ours.timeouts}`
          : ''),
      `- Oversold: ${truth.oversoldUnits} (Σ max(0, held + sold − allocated) over the lines); hold rows beyond allocation: ${truth.oversoldRows}` +
        (truth.gateChecked
          ? '; Redis gate counters agree with Postgres'
          : '; Redis gate counters not found') +
        (truth.problems.length > 0 ? ` · **PROBLEMS: ${truth.problems.join('; ')}**` : ''),
      `- SQL per declined request: **${perDecline.toFixed(4)}** — method: ${sql.method}. During the phase: ` +
        (sql.statements
          ? `${int(sql.transactions)} statements outside the hold transaction`
          : `${int(sql.transactions)} transactions (${int(sql.rollbacks)} rolled back; ${int(sql.connections)} new ` +
            `pool connections not counted); minus ${int(admitted)} admitted requests (hold rows + rollbacks, one ` +
            `transaction each)`) +
        `; minus ${sql.background.toFixed(1)} background (${sql.backgroundRate.toFixed(2)}/s measured while idle, ` +
        (sql.statements
          ? 'over the phase)'
          : `over the phase and the ${STATS_FLUSH_WAIT_MS / 1000} s statistics flush)`) +
        ` leaves **${unexplained.toFixed(1)}** for ${int(declined)} declines. Time-based reads remain: the ` +
        `drop-terms memo (two queries about once a second per API process) and the worker's sweeps. Tables touched ` +
        `during the phase, background included: ${sql.tables}`,
      ...(ours.stoppedEarly || ceiling.stoppedEarly
        ? [
            `- **Stopped by --duration-limit ${o.durationLimit} s** before every request was answered.`,
          ]
        : []),
      '',
      'Targets (issue 5):',
      '',
      ...targets.map(
        ([what, met, value]) => `- ${met ? 'met' : '**NOT met**'}: ${what} — ${value}`,
      ),
    ];
    if (sql.statements) {
      lines.push(
        '',
        `Statements during the hold phase (pg_stat_statements, ${int(sql.statementsTotal ?? 0)} in all, background included):`,
        '',
        '| calls | statement |',
        '|---:|---|',
        ...sql.statements.map(
          (st) => `| ${int(st.calls)} | \`${st.query.slice(0, 160).replace(/\|/g, '\\|')}\` |`,
        ),
      );
    }
    for (const { name, summary } of profiles) {
      lines.push(
        '',
        `CPU profile of ${name.split('/').pop()} during the hold phase (${(summary.busyMs / 1000).toFixed(1)} s busy, ` +
          `${(summary.idleMs / 1000).toFixed(1)} s idle), self time:`,
        '',
        '| package | share |',
        '|---|---:|',
        ...summary.topPackages.map((p) => `| ${p.name} | ${p.percent.toFixed(1)} % |`),
        '',
        '| function | share |',
        '|---|---:|',
        ...summary.topFunctions.map((f) => `| \`${f.name}\` | ${f.percent.toFixed(1)} % |`),
      );
    }
    return { console: lines.join('\n'), markdown: ['', ...lines, ''] };
  }

  async cleanUp(): Promise<void> {
    await stopAll();
    await dropDatabase(this.adminUrl, this.database).catch((error: unknown) =>
      say(`  could not drop ${this.database}: ${String(error)}`),
    );
    const deleted = await deleteKeysWithPrefix(this.redisUrl, `${this.redisPrefix}:`).catch(
      (error: unknown) => {
        say(`  could not delete Redis keys ${this.redisPrefix}:*: ${String(error)}`);
        return 0;
      },
    );
    // Job files hold every fan's token: nothing to keep but the logs of a failed run and profiles.
    for (const file of readdirSync(this.workDir)) {
      if (/\.(job|result)\.json$|^bare-\d+\.json$/.test(file)) rmSync(join(this.workDir, file));
    }
    say(
      `cleaned up: processes stopped, database ${this.database} dropped, ${int(deleted)} Redis keys ` +
        `deleted; logs${this.options.profile ? ' and profiles' : ''} kept in ${this.workDir}`,
    );
  }
}

interface SqlCount {
  method: string;
  phase: Phase;
  /** Transactions (or statements) that did work during the phase. */
  transactions: number;
  rollbacks: number;
  /** Connections the apps opened during the phase (pool growth). */
  connections: number;
  background: number;
  backgroundRate: number;
  /** Tables scanned or written during the phase: where the remaining SQL went. */
  tables: string;
  /** With pg_stat_statements: each statement run during the phase and how often. */
  statements?: Array<{ query: string; calls: number }>;
  statementsTotal?: number;
}

/** What an admitted hold request runs in Postgres (HoldsService.take and its transaction). */
const HOLD_TRANSACTION =
  /^(BEGIN|START TRANSACTION|COMMIT|ROLLBACK)|INSERT INTO drop_fan_units|INSERT INTO holds|INSERT INTO inventory_movements|UPDATE drop_lines|SELECT d\.state, l\.quantity_allocated/i;

function tableDelta(
  before: Record<string, { scans: number; writes: number }>,
  after: Record<string, { scans: number; writes: number }>,
): string {
  const changed = Object.entries(after)
    .map(([table, a]) => ({
      table,
      scans: a.scans - (before[table]?.scans ?? 0),
      writes: a.writes - (before[table]?.writes ?? 0),
    }))
    .filter((t) => t.scans > 0 || t.writes > 0)
    .sort((x, y) => y.scans + y.writes - (x.scans + x.writes));
  return changed.length === 0
    ? 'no table touched'
    : changed
        .map((t) => `${t.table} ${int(t.scans)} scans/${int(t.writes)} rows written`)
        .join(', ');
}

interface LineTruth {
  variantId: string;
  allocated: number;
  held: number;
  sold: number;
  holdRows: number;
  holdUnits: number;
  ledgerUnits: number;
}

interface Truth {
  ok: boolean;
  problems: string[];
  allocated: number;
  held: number;
  sold: number;
  holdRows: number;
  oversoldUnits: number;
  oversoldRows: number;
  mostPerFan: number;
  gateChecked: boolean;
}

function phaseRow(name: string, p: Phase): string {
  return (
    `| ${name} | ${int(p.responses)} | ${p.seconds.toFixed(2)} | ${int(Math.round(p.rps))} | ` +
    `${ms(p.all.p50)} | ${ms(p.all.p95)} | ${ms(p.all.p99)} | ${ms(p.all.max)} |`
  );
}

async function waitForLine(proc: Started, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!proc.tail.includes(text)) {
    if (proc.child.exitCode !== null)
      throw new Error(`${proc.name} exited:\n${proc.tail.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`${proc.name} did not print "${text}"`);
    await delay(100);
  }
}

runBench((argv) => new DropBench(readOptions(argv)));
