// `npm run bench:drop-e2e [-- --buyers 2000 --concurrency 200 --units 100 --variants 5
//                            --api-processes 1 --worker-processes 1 --duration-limit 300
//                            --short --dist-dir dist --poll --profile --count-statements
//                            --shared-redis]`
//
// A whole small drop, end to end: `--buyers` fans (at most `--concurrency` at once) each try to
// buy one unit of `--units`: hold → checkout → the Stripe stand-in's payment page → Pay → the
// stand-in's webhook → the order paid (seen by waiting on GET /me/orders/:id?wait=, as the
// return page does; `--poll` polls instead). Reports the time until every buyer had a final
// answer (paid, or sold out), p50/p99 of each step, CPU per paid order (API, worker, Redis, this
// database's Postgres backends; the stand-in, Stripe's side, apart), and checks the ledger:
// never oversold, every paid order sold. `--count-statements` also counts the SQL statements
// the API and the workers sent during the drop (bench/support/count-statements.cjs): on a
// machine whose timings move ±20 % between runs, a figure that does not. The drop runs on a
// Redis of its own, so its Redis CPU is the drop's alone (`--shared-redis`: REDIS_URL's).
// Results are appended to docs/benchmarks.md.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Environment, runMigrations } from '@limited-run/platform';
import { Client } from 'pg';
import { delay, portOrFreePort } from '../scripts/dev-services';
import { startSmtpCatcher, type SmtpCatcher } from '../test/support/smtp-catcher';
import { ApiClient, createAdmin, createScheduledDrop, type BenchDrop } from './support/api-client';
import { readRedisPid, waitLive, warmAuth } from './support/bench-helpers';
import { parseFlags } from './support/cli';
import { benchServices, childEnvironment } from './support/environment';
import { type Fan, provisionFans } from './support/fans';
import { assertLoopback, createDatabase, dropDatabase, maintenanceUrl } from './support/postgres';
import { processTree, snapshot, TICKS_PER_SECOND, ticksBetween } from './support/proc-cpu';
import { startNode, stopAll, TS_NODE, waitHealthy } from './support/processes';
import { deleteKeysWithPrefix, redisVersion, startOwnRedis } from './support/redis';
import { appendResults, commandLine, factsLines, machineFacts } from './support/report';
import { runBench } from './support/run-bench';
import { percentile, roundCpu } from './support/rounds';
import { int } from './support/stats';
import type { StandInProcessConfig } from './support/stand-in-process';
import {
  countingEnvironment,
  countsBetween,
  readStatementCounts,
  type StatementCounts,
} from './support/statement-counts';

const ROOT = join(__dirname, '..');
const FIRST_PORT = 43_500;
const NO_RATE_LIMIT = '999999/1';
/** `--poll`: how often a buyer asks for its order, for builds without `?wait=`. */
const POLL_MS = 100;
/** How long one `GET /me/orders/:id?wait=` may wait for the order to move. */
const WAIT_SECONDS = 20;
const say = (line = ''): void => void process.stdout.write(`${line}\n`);

const STEPS = ['hold', 'checkout', 'page', 'pay', 'paid'] as const;
type Step = (typeof STEPS)[number];

interface Options {
  buyers: number;
  concurrency: number;
  units: number;
  variants: number;
  apiProcesses: number;
  /** Worker processes, each its own Bull consumer (payment events are applied 8 at a time in each). */
  workerProcesses: number;
  durationLimit: number;
  distDir: string;
  /** `--profile`: a V8 CPU profile of the API and the worker, in the run's directory. */
  profile: boolean;
  /** `--poll`: buyers poll their order every POLL_MS instead of waiting on it with `?wait=`. */
  poll: boolean;
  /** `--count-statements`: the SQL statements the API and the workers sent during the drop. */
  countStatements: boolean;
  /** `--shared-redis`: REDIS_URL's Redis, as before 5 December (thirteenth session). */
  sharedRedis: boolean;
}

function readOptions(argv: readonly string[]): Options {
  const short = argv.includes('--short');
  const { integers, strings } = parseFlags(argv, {
    integers: {
      buyers: short ? 200 : 2000,
      concurrency: short ? 50 : 200,
      units: short ? 20 : 100,
      variants: 5,
      'api-processes': 1,
      'worker-processes': 1,
      'duration-limit': 300,
    },
    strings: { 'dist-dir': join(ROOT, 'dist') },
    booleans: ['short', 'profile', 'poll', 'count-statements', 'shared-redis'],
  });
  if (integers.buyers > 20_000) throw new Error('--buyers: at most 20,000');
  if (integers['duration-limit'] > 1800) throw new Error('--duration-limit: at most 1,800 s');
  return {
    buyers: integers.buyers,
    concurrency: Math.min(integers.concurrency, integers.buyers),
    units: integers.units,
    variants: integers.variants,
    apiProcesses: integers['api-processes'],
    workerProcesses: Math.max(1, Math.min(8, integers['worker-processes'])),
    durationLimit: integers['duration-limit'],
    distDir: resolve(strings['dist-dir']),
    profile: argv.includes('--profile'),
    poll: argv.includes('--poll'),
    countStatements: argv.includes('--count-statements'),
    sharedRedis: argv.includes('--shared-redis'),
  };
}

/** One buyer's way through the drop: ms per step, and how it ended. */
interface Journey {
  outcome: 'paid' | 'sold-out' | 'error' | 'timed-out';
  steps: Partial<Record<Step, number>>;
  orderId?: string;
  payAnsweredAt?: number;
  finishedAt: number;
  error?: string;
}

class DropE2eBench {
  private readonly runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  private readonly database = `lr_bench_e2e_${this.runId}`;
  private readonly redisPrefix = `lrbench:${this.runId}`;
  private readonly workDir = mkdtempSync(join(tmpdir(), 'lr-bench-e2e-'));
  private readonly adminUrl: string;
  private redisUrl: string;
  private nextPort = FIRST_PORT;
  private mail?: SmtpCatcher;

  constructor(private readonly options: Options) {
    const services = benchServices();
    this.adminUrl = maintenanceUrl(services.databaseUrl);
    this.redisUrl = services.redisUrl ?? 'redis://127.0.0.1:6379';
    assertLoopback(this.adminUrl);
    assertLoopback(this.redisUrl);
  }

  private port(): Promise<number> {
    return portOrFreePort(this.nextPort++);
  }

  /** Where the platform's processes write their statement counts, with `--count-statements`. */
  private statementsDir(): string {
    const dir = join(this.workDir, 'statements');
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** The statements each role has sent so far, with `--count-statements`. */
  private async statementCounts(stack: {
    api: { pid: number };
    workers: { pid: number }[];
  }): Promise<Record<StatementRole, StatementCounts> | undefined> {
    if (!this.options.countStatements) return undefined;
    return {
      api: await readStatementCounts(this.statementsDir(), processTree(stack.api.pid)),
      worker: await readStatementCounts(
        this.statementsDir(),
        stack.workers.map((worker) => worker.pid),
      ),
    };
  }

  /** Node flags for a CPU profile of `name` (written when it stops), with `--profile`. */
  private profiling(name: string): string[] {
    if (!this.options.profile) return [];
    return ['--cpu-prof', `--cpu-prof-dir=${join(this.workDir, 'profiles', name)}`];
  }

  /** Stand-in, SMTP catcher, worker and API, wired to each other on loopback. */
  private async startStack(databaseUrl: string) {
    const o = this.options;
    const [apiPort, standInPort, smtpPort] = [
      await this.port(),
      await this.port(),
      await this.port(),
    ];
    const workerPorts: number[] = [];
    for (let i = 0; i < o.workerProcesses; i++) workerPorts.push(await this.port());
    this.mail = await startSmtpCatcher(smtpPort);
    const apiOrigin = `http://127.0.0.1:${apiPort}`;
    const stripe: StandInProcessConfig = {
      port: standInPort,
      secretKey: `sk_test_bench${randomBytes(12).toString('hex')}`,
      webhookSecret: `whsec_${randomBytes(24).toString('hex')}`,
      webhookUrl: `${apiOrigin}/webhooks/stripe`,
    };
    const standInFile = join(this.workDir, 'stand-in.json');
    writeFileSync(standInFile, JSON.stringify(stripe));
    const standIn = startNode({
      name: 'stripe-stand-in',
      args: [
        ...TS_NODE,
        '-r',
        'tsconfig-paths/register',
        join(__dirname, 'support/stand-in-process.ts'),
        standInFile,
      ],
      env: childEnvironment({}),
      cwd: ROOT,
      logFile: join(this.workDir, 'stand-in.log'),
    });
    // ts-node compiles the payments library first: slow on a loaded machine.
    const deadline = Date.now() + 180_000;
    while (!standIn.tail.includes('ready')) {
      if (standIn.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`the stand-in did not start:\n${standIn.tail.join('\n')}`);
      }
      await delay(100);
    }
    const rateLimits = Object.keys(new Environment()).filter((k) => k.startsWith('RATE_LIMIT_'));
    const env = childEnvironment({
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: this.redisUrl,
      REDIS_PREFIX: this.redisPrefix,
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      API_HOST: '127.0.0.1',
      WORKER_HOST: '127.0.0.1',
      TRUST_PROXY: 'false',
      CORS_ORIGINS: '',
      PUBLIC_WEB_URL: apiOrigin,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_WEBHOOK_SECRETS: stripe.webhookSecret,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(standInPort),
      STRIPE_API_PROTOCOL: 'http',
      ...Object.fromEntries(rateLimits.map((name) => [name, NO_RATE_LIMIT])),
      ...(o.countStatements
        ? countingEnvironment(this.statementsDir(), process.env.NODE_OPTIONS)
        : {}),
    });
    const workers = workerPorts.map((workerPort, i) => {
      const name = i === 0 ? 'worker' : `worker-${i + 1}`;
      return startNode({
        name,
        args: [...this.profiling(name), join(o.distDir, 'apps/worker/src/main.js')],
        env: { ...env, WORKER_PORT: String(workerPort) },
        cwd: ROOT,
        logFile: join(this.workDir, `${name}.log`),
      });
    });
    for (const [i, worker] of workers.entries()) {
      await waitHealthy(worker, `http://127.0.0.1:${workerPorts[i]}/health/live`);
    }
    const api = startNode({
      name: 'api',
      args: [...this.profiling('api'), join(o.distDir, 'apps/api/src/cluster.js')],
      env: { ...env, API_PORT: String(apiPort), API_PROCESSES: String(o.apiProcesses) },
      cwd: ROOT,
      logFile: join(this.workDir, 'api.log'),
    });
    await waitHealthy(api, `${apiOrigin}/health/live`);
    return { apiOrigin, api, workers, standIn, jwtSecret: env.JWT_SECRET as string };
  }

  async run(argv: readonly string[]): Promise<void> {
    const o = this.options;
    if (!existsSync(join(o.distDir, 'apps/api/src/cluster.js')))
      throw new Error('build first (dist/ is missing the API)');
    const databaseUrl = await createDatabase(this.adminUrl, this.database);
    await runMigrations(databaseUrl);
    const db = new Client({ connectionString: databaseUrl, application_name: 'lr-bench' });
    await db.connect();
    try {
      if (!o.sharedRedis) this.redisUrl = await startOwnRedis(this.workDir);
      const pgVersion = (
        await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)
      ).rows[0].v;
      const facts = machineFacts(pgVersion, await redisVersion(this.redisUrl));
      say(
        `bench:drop-e2e · run ${this.runId} · load average ${facts.load} · logs in ${this.workDir}`,
      );
      const stack = await this.startStack(databaseUrl);
      const api = new ApiClient(stack.apiOrigin);
      const admin = await createAdmin(api, db);
      const fans = await provisionFans(db, o.buyers, stack.jwtSecret, this.runId);
      await warmAuth(stack.apiOrigin, fans);
      const drop = await createScheduledDrop(api.as(admin.token), admin.email, {
        units: o.units,
        variants: o.variants,
        perCustomerLimit: 1,
        opensInSeconds: 3,
      });
      await waitLive(api.as(admin.token), drop.id);
      say(
        `  drop ${drop.id} is live: ${int(o.buyers)} buyers at concurrency ${o.concurrency} for ${o.units} units…`,
      );

      const redisPid = await readRedisPid(this.redisUrl);
      const roles = async () => ({
        api: processTree(stack.api.pid),
        worker: stack.workers.map((worker) => worker.pid),
        redis: redisPid ? [redisPid] : [],
        postgres: await backends(db, this.database),
        stripe: [stack.standIn.pid],
        load: [process.pid],
      });
      // Counted outside the CPU window: asking for the counts costs the processes a little.
      const sqlBefore = await this.statementCounts(stack);
      const before = await roles();
      const a = snapshot(before);
      const started = Date.now();
      const journeys = await this.buyAll(stack.apiOrigin, drop, fans, started);
      const after = await roles();
      const merged = Object.fromEntries(
        Object.entries(after).map(([role, pids]) => [
          role,
          [...new Set([...(before as Record<string, number[]>)[role], ...pids])],
        ]),
      );
      const b = snapshot(merged);
      const sqlAfter = await this.statementCounts(stack);
      const paid = journeys.filter((j) => j.outcome === 'paid').length;
      const cpu = roundCpu({
        ticks: ticksBetween(merged, a, b),
        clientRoles: ['stripe', 'load'],
        machineBusyTicks: b.machine - a.machine,
        cores: availableParallelism(),
        wallSeconds: (b.at - a.at) / 1000,
        ticksPerSecond: TICKS_PER_SECOND,
        requests: paid,
      });
      const paidAt = await paidTimes(db, drop.id);
      const truth = await ledger(db, drop);
      const lines = [
        ...report(o, journeys, started, cpu, paidAt, truth),
        ...(sqlBefore && sqlAfter ? statementReport(sqlBefore, sqlAfter, paid) : []),
      ];
      say(`\n${lines.join('\n')}`);
      appendResults(
        [
          `### bench:drop-e2e — ${facts.date}`,
          '',
          ...factsLines(facts, commandLine('bench:drop-e2e', argv)),
          '',
          ...lines,
        ].join('\n'),
      );
      say('\nAppended to docs/benchmarks.md');
      if (!truth.ok) process.exitCode = 1;
    } finally {
      await db.end().catch(() => undefined);
    }
  }

  private async buyAll(
    origin: string,
    drop: BenchDrop,
    fans: Fan[],
    started: number,
  ): Promise<Journey[]> {
    const deadline = started + this.options.durationLimit * 1000;
    const journeys: Journey[] = [];
    let next = 0;
    const progress = setInterval(() => {
      const paid = journeys.filter((j) => j.outcome === 'paid').length;
      say(
        `  ${((Date.now() - started) / 1000).toFixed(0)} s: ${int(journeys.length)} buyers answered, ${paid} paid`,
      );
    }, 5000);
    const lane = async (): Promise<void> => {
      while (next < fans.length && Date.now() < deadline) {
        const i = next++;
        journeys.push(
          await buy(
            origin,
            drop,
            fans[i],
            drop.variantIds[i % drop.variantIds.length],
            deadline,
            this.options.poll,
          ),
        );
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, lane));
    clearInterval(progress);
    return journeys;
  }

  async cleanUp(): Promise<void> {
    buyersAgent.destroy();
    await stopAll();
    await this.mail?.stop().catch(() => undefined);
    await dropDatabase(this.adminUrl, this.database).catch((error: unknown) =>
      say(`  could not drop ${this.database}: ${String(error)}`),
    );
    // The bench's own Redis went with stopAll(), its keys with it.
    const deleted = this.options.sharedRedis
      ? await deleteKeysWithPrefix(this.redisUrl, `${this.redisPrefix}:`).catch(() => 0)
      : 0;
    say(
      `cleaned up: processes stopped, database ${this.database} dropped, ${int(deleted)} Redis keys deleted; logs in ${this.workDir}`,
    );
  }
}

async function timed<T>(steps: Journey['steps'], step: Step, work: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const result = await work();
  steps[step] = performance.now() - t;
  return result;
}

/**
 * The buyers' HTTP client: node:http over keep-alive sockets. The buyers run on the same two
 * cores as the platform, so what they cost is taken from it: `fetch` (undici) cost ~2× as much
 * CPU per request here, for nothing the measurement needs (no redirects are followed).
 */
const buyersAgent = new Agent({ keepAlive: true, maxSockets: 512 });

function send(
  url: string,
  init: { method: string; token?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method,
        agent: buyersAgent,
        timeout: 30_000,
        headers: {
          ...(init.body ? { 'content-type': 'application/json' } : {}),
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          ...init.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // An HTML page (the stand-in's).
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${init.method} ${url}: no answer in 30 s`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

/** One buyer: hold, checkout, the payment page, Pay, then wait for the order to be paid. */
async function buy(
  origin: string,
  drop: BenchDrop,
  fan: Fan,
  variantId: string,
  deadline: number,
  poll: boolean,
): Promise<Journey> {
  const steps: Journey['steps'] = {};
  const end = (outcome: Journey['outcome'], extra: Partial<Journey> = {}): Journey => ({
    outcome,
    steps,
    finishedAt: Date.now(),
    ...extra,
  });
  try {
    const hold = await timed(steps, 'hold', () =>
      send(`${origin}/drops/${drop.id}/holds`, {
        method: 'POST',
        token: fan.token,
        headers: { 'idempotency-key': randomBytes(8).toString('hex') },
        body: JSON.stringify({ variantId, quantity: 1 }),
      }),
    );
    if (hold.status === 409) return end('sold-out');
    if (hold.status !== 201)
      return end('error', { error: `hold ${hold.status} ${JSON.stringify(hold.body)}` });
    const { holdId } = hold.body as { holdId: string };
    const checkout = await timed(steps, 'checkout', () =>
      send(`${origin}/drops/${drop.id}/holds/${holdId}/checkout`, {
        method: 'POST',
        token: fan.token,
      }),
    );
    if (checkout.status !== 201)
      return end('error', {
        error: `checkout ${checkout.status} ${JSON.stringify(checkout.body)}`,
      });
    const { orderId, checkoutUrl } = checkout.body as { orderId: string; checkoutUrl: string };
    const page = await timed(steps, 'page', () => send(checkoutUrl, { method: 'GET' }));
    if (page.status !== 200) return end('error', { orderId, error: `payment page ${page.status}` });
    const pay = await timed(steps, 'pay', () => send(`${checkoutUrl}/pay`, { method: 'POST' }));
    if (pay.status !== 200) return end('error', { orderId, error: `pay ${pay.status}` });
    const payAnsweredAt = Date.now();
    const paid = await timed(steps, 'paid', async () => {
      // As the return page does: one request that the API answers when the order moves.
      const url = `${origin}/me/orders/${orderId}${poll ? '' : `?wait=${WAIT_SECONDS}`}`;
      while (Date.now() < deadline) {
        const order = await send(url, { method: 'GET', token: fan.token });
        if ((order.body as { status?: string }).status === 'paid') return true;
        if (poll || order.status !== 200) await delay(POLL_MS);
      }
      return false;
    });
    return end(paid ? 'paid' : 'timed-out', { orderId, payAnsweredAt });
  } catch (error) {
    return end('error', { error: String(error) });
  }
}

async function backends(db: Client, database: string): Promise<number[]> {
  const { rows } = await db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'limited-run'`,
    [database],
  );
  return rows.map((r) => r.pid);
}

async function paidTimes(db: Client, dropId: string): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: string; paid_at: Date }>(
    `SELECT o.id, o.paid_at FROM orders o JOIN holds h ON h.id = o.hold_id WHERE h.drop_id = $1 AND o.paid_at IS NOT NULL`,
    [dropId],
  );
  return new Map(rows.map((r) => [r.id, r.paid_at.getTime()]));
}

interface Ledger {
  ok: boolean;
  text: string;
}

async function ledger(db: Client, drop: BenchDrop): Promise<Ledger> {
  const { rows } = await db.query<{
    allocated: number;
    held: number;
    sold: number;
    oversold: number;
    paid: number;
  }>(
    `SELECT sum(l.quantity_allocated)::int AS allocated, sum(l.held)::int AS held, sum(l.sold)::int AS sold,
            sum(greatest(0, l.held + l.sold - l.quantity_allocated))::int AS oversold,
            (SELECT count(*)::int FROM orders o JOIN holds h ON h.id = o.hold_id
              WHERE h.drop_id = $1 AND o.status = 'paid') AS paid
       FROM drop_lines l WHERE l.drop_id = $1`,
    [drop.id],
  );
  const r = rows[0];
  const ok = r.oversold === 0 && r.paid <= r.allocated && r.sold === r.paid;
  return {
    ok,
    text: `allocated ${r.allocated}, sold ${r.sold}, still held ${r.held}, paid orders ${r.paid}; oversold ${r.oversold}${ok ? '' : ' — **MISMATCH**'}`,
  };
}

type StatementRole = 'api' | 'worker';

/** Statements per paid order by role, and the most frequent ones, during the drop. */
function statementReport(
  before: Record<StatementRole, StatementCounts>,
  after: Record<StatementRole, StatementCounts>,
  paid: number,
): string[] {
  const roles: StatementRole[] = ['api', 'worker'];
  const sent = Object.fromEntries(
    roles.map((role) => [role, countsBetween(before[role], after[role])]),
  ) as Record<StatementRole, [string, number][]>;
  const total = (role: StatementRole): number => sent[role].reduce((sum, [, n]) => sum + n, 0);
  const perOrder = (n: number): string => (paid > 0 ? (n / paid).toFixed(1) : 'n/a');
  const top = roles
    .flatMap((role) => sent[role].map(([text, n]) => ({ role, text, n })))
    .sort((x, y) => y.n - x.n)
    .slice(0, 15);
  return [
    '',
    `- SQL statements sent during the drop (client side, \`--count-statements\`): API ${int(total('api'))} ` +
      `(**${perOrder(total('api'))} per paid order**), worker ${int(total('worker'))} (**${perOrder(total('worker'))}**); ` +
      'the declines send none. The most frequent:',
    '',
    '| role | statement (first 120 characters) | sent | per paid order |',
    '|---|---|---:|---:|',
    ...top.map(
      ({ role, text, n }) =>
        `| ${role} | \`${text.replace(/\|/g, '\\|').replace(/`/g, "'")}\` | ${int(n)} | ${perOrder(n)} |`,
    ),
  ];
}

function report(
  o: Options,
  journeys: Journey[],
  started: number,
  cpu: ReturnType<typeof roundCpu>,
  paidAt: Map<string, number>,
  truth: Ledger,
): string[] {
  const count = (outcome: Journey['outcome']): number =>
    journeys.filter((j) => j.outcome === outcome).length;
  const lastAnswer = Math.max(...journeys.map((j) => j.finishedAt)) - started;
  const webhook = journeys
    .filter((j) => j.orderId && j.payAnsweredAt && paidAt.has(j.orderId))
    .map((j) => (paidAt.get(j.orderId as string) as number) - (j.payAnsweredAt as number));
  const row = (name: string, samples: number[]): string =>
    `| ${name} | ${int(samples.length)} | ${percentile(samples, 50).toFixed(1)} ms | ${percentile(samples, 99).toFixed(1)} ms | ${percentile(samples, 100).toFixed(1)} ms |`;
  const errors = journeys
    .filter((j) => j.error)
    .slice(0, 3)
    .map((j) => j.error);
  const us = (role: string): string => `${((cpu.perRequestUs[role] ?? NaN) / 1000).toFixed(1)} ms`;
  return [
    `- Setup: ${int(o.buyers)} buyers (bulk-provisioned fans, auth cache warm), at most ${o.concurrency} at once, one unit each, ` +
      `${o.units} units over ${o.variants} variants, per-fan limit 1; ${o.apiProcesses} API process(es) + ${o.workerProcesses} worker(s) from dist/, ` +
      `NODE_ENV=production, RATE_LIMIT_* = ${NO_RATE_LIMIT}; the Stripe stand-in (libs/payments, webhooks delivered as they happen, ` +
      `concurrently) in its own process; ${o.sharedRedis ? "the machine's shared Redis" : 'a Redis of its own'}; nothing pinned. After Pay a buyer ${o.poll ? `polls GET /me/orders/:id every ${POLL_MS} ms` : `waits on GET /me/orders/:id?wait=${WAIT_SECONDS}`}.`,
    `- **Every buyer had a final answer after ${(lastAnswer / 1000).toFixed(1)} s**: ${count('paid')} paid, ${int(count('sold-out'))} sold out (409), ` +
      `${count('error')} errors, ${count('timed-out')} still waiting at the limit${errors.length ? ` (first errors: ${errors.join(' · ')})` : ''}.`,
    `- Ledger: ${truth.text}.`,
    `- CPU per paid order: **${((cpu.serverPerRequestUs ?? NaN) / 1000).toFixed(1)} ms** on the platform's side (API ${us('api')}, ` +
      `worker ${us('worker')}, Redis ${us('redis')}, Postgres backends ${us('postgres')}); the stand-in ${us('stripe')}; ` +
      `the buyers (this process) ${us('load')}. Every decline's cost is in it (${int(count('sold-out'))} declines for ${count('paid')} orders). ` +
      `Foreign CPU during the run: ${(cpu.foreignShare * 100).toFixed(0)} % of the machine.`,
    '',
    '| step | n | p50 | p99 | max |',
    '|---|---:|---:|---:|---:|',
    ...STEPS.map((step) =>
      row(
        step === 'paid'
          ? `Pay answered → order seen paid (${o.poll ? 'polling' : 'waiting'})`
          : step === 'page'
            ? 'payment page (GET)'
            : step === 'pay'
              ? 'Pay (POST)'
              : `${step}`,
        journeys.map((j) => j.steps[step]).filter((v): v is number => v !== undefined),
      ),
    ),
    row('Pay answered → orders.paid_at (webhook stored and applied)', webhook),
    row(
      'whole journey of a paying buyer',
      journeys
        .filter((j) => j.outcome === 'paid')
        .map((j) => STEPS.reduce((n, s) => n + (j.steps[s] ?? 0), 0)),
    ),
    row(
      'a declined buyer (hold → 409)',
      journeys.filter((j) => j.outcome === 'sold-out').map((j) => j.steps.hold ?? 0),
    ),
  ];
}

runBench((argv) => new DropE2eBench(readOptions(argv)));
