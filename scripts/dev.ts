// `npm start` (= build, then `node dist/scripts/dev.js`): the whole platform on a machine with
// nothing configured. Finds or starts Postgres and Redis, migrates, starts a local Stripe stand-in
// when no STRIPE_SECRET_KEY is set (development), runs the API and the worker with prefixed
// logs, and takes everything it started down again on Ctrl+C.
//
// This boot script is the one place that reads process.env directly: it only decides where the
// services are. Validating the apps' configuration stays the apps' job.
import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildDataSourceOptions, Environment, runMigrations } from '@limited-run/platform';
import { DataSource } from 'typeorm';
import { issueSetupToken, setupLink } from '../libs/identity/src/setup/setup-tokens';
import { StripeStandIn } from '../libs/payments/src/stand-in';
import {
  delay,
  EMBEDDED_DATABASE_NAME,
  embeddedPostgresDir,
  ensureJwtSecret,
  projectRoot,
  findExecutable,
  forwardLines,
  hasExited,
  portSetting,
  redactUrl,
  redisAnswers,
  setting,
  startEmbeddedPostgres,
  startRedisServer,
  stopChild,
  type StartedService,
  StartupError,
} from './dev-services';

const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';
const READY_TIMEOUT_MS = 60_000;
/** How long the apps get to drain after the signal before they are killed. */
const APP_STOP_GRACE_MS = 10_000;

interface Settings {
  databaseUrl?: string;
  redisUrl?: string;
  redisPrefix: string;
  apiPort: number;
  workerPort: number;
  path?: string;
}

function readSettings(env: NodeJS.ProcessEnv): Settings {
  // The apps' own defaults, so the launcher polls the ports the apps will actually bind.
  const defaults = new Environment();
  return {
    databaseUrl: setting(env.DATABASE_URL),
    redisUrl: setting(env.REDIS_URL),
    redisPrefix: setting(env.REDIS_PREFIX) ?? defaults.REDIS_PREFIX,
    apiPort: portSetting('API_PORT', env.API_PORT, defaults.API_PORT),
    workerPort: portSetting('WORKER_PORT', env.WORKER_PORT, defaults.WORKER_PORT),
    path: env.PATH,
  };
}

const say = (line: string): void => void process.stdout.write(`[dev] ${line}\n`);
const complain = (line: string): void => void process.stderr.write(`[dev] ${line}\n`);
const report = { note: say, echo: (line: string): void => void process.stdout.write(`${line}\n`) };

/**
 * Owns everything the launcher started: the two apps and the services under them. Stops them
 * in reverse order (apps first, so they never lose their database mid-request), once.
 */
class Supervisor {
  private readonly services: StartedService[] = [];
  private readonly apps = new Map<string, ChildProcess>();
  private stopping = false;

  constructor() {
    // Last resort if the launcher itself dies: the apps and redis-server run in their own
    // process groups, so nothing else would stop them.
    process.on('exit', () => {
      const spawned = [...this.apps.values(), ...this.services.map((service) => service.process)];
      for (const child of spawned) if (child && !hasExited(child)) child.kill('SIGTERM');
    });
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Tracks a started service; one that finished starting after Ctrl+C is stopped at once. */
  async adopt<T extends StartedService>(service: T): Promise<T> {
    if (this.stopping) await service.stop();
    else this.services.push(service);
    return service;
  }

  startApp(name: string, script: string, env: NodeJS.ProcessEnv, cwd: string): void {
    // Own process group: a terminal Ctrl+C reaches only the launcher, which forwards it once.
    // (Nest exits abruptly on a second signal while it is still shutting down.)
    const child = spawn(process.execPath, [script], {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The apps log JSON lines; keep them intact behind the prefix.
    forwardLines(child.stdout, (line) => process.stdout.write(`[${name}] ${line}\n`));
    forwardLines(child.stderr, (line) => process.stderr.write(`[${name}] ${line}\n`));
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      complain(`${name} exited (${signal ?? `code ${code}`}); stopping everything`);
      void this.shutdown(1);
    });
    this.apps.set(name, child);
  }

  /** Stops the apps (with `signal`), then the services, then exits with `exitCode`. */
  async shutdown(exitCode: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<never> {
    if (this.stopping) {
      // A second Ctrl+C: stop waiting for the apps to drain.
      for (const child of this.apps.values()) if (!hasExited(child)) child.kill('SIGKILL');
      return new Promise<never>(() => undefined);
    }
    this.stopping = true;
    await Promise.all(
      [...this.apps.values()].map((child) => stopChild(child, signal, APP_STOP_GRACE_MS)),
    );
    for (const service of [...this.services].reverse()) {
      await service.stop().catch((error: unknown) => complain(`while stopping: ${String(error)}`));
    }
    process.exit(exitCode);
  }
}

/** Where a backing service is, and one line saying so for the summary. */
interface ProvidedService {
  url: string;
  description: string;
}

/** A service the user pointed us at: used as is, nothing started. */
const external = (variable: string, url: string): ProvidedService => ({
  url,
  description: `external, ${variable}=${redactUrl(url)}`,
});

async function providePostgres(
  settings: Settings,
  root: string,
  supervisor: Supervisor,
): Promise<ProvidedService> {
  if (settings.databaseUrl) return external('DATABASE_URL', settings.databaseUrl);
  const dataDir = embeddedPostgresDir(root);
  say('DATABASE_URL is not set: starting an embedded Postgres');
  const postgres = await supervisor.adopt(
    await startEmbeddedPostgres({ dataDir, database: EMBEDDED_DATABASE_NAME, report }),
  );
  const where = relative(root, dataDir);
  say(
    `Postgres is up on 127.0.0.1:${postgres.port} (${postgres.initialised ? 'new cluster' : 'reusing'} ${where})`,
  );
  return {
    url: postgres.url,
    description: `embedded, data in ${where}, ${redactUrl(postgres.url)}`,
  };
}

async function provideRedis(
  settings: Settings,
  root: string,
  supervisor: Supervisor,
): Promise<ProvidedService> {
  if (settings.redisUrl) return external('REDIS_URL', settings.redisUrl);
  if (await redisAnswers(LOCAL_REDIS_URL, 1000)) {
    return {
      url: LOCAL_REDIS_URL,
      description: `${LOCAL_REDIS_URL} (already running on this machine)`,
    };
  }
  const binary = findExecutable('redis-server', settings.path);
  if (!binary) {
    throw new StartupError(
      'no Redis: REDIS_URL is unset, nothing answers on 127.0.0.1:6379 and redis-server is not on PATH. ' +
        'Start one with `docker compose up -d redis`, install it (e.g. `apt-get install redis-server`), or set REDIS_URL.',
    );
  }
  const dataDir = join(root, '.data', 'redis');
  say(`nothing answers on 127.0.0.1:6379: starting ${binary}`);
  const server = await supervisor.adopt(await startRedisServer(binary, dataDir, report));
  return {
    url: server.url,
    description: `${server.url} (redis-server started for this session, pid ${server.process.pid}, not persisted)`,
  };
}

async function migrate(databaseUrl: string): Promise<void> {
  const applied = await runMigrations(databaseUrl).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(`migrations failed against ${redactUrl(databaseUrl)}: ${reason}`);
  });
  say(
    applied.length > 0
      ? `applied ${applied.length} migration(s): ${applied.join(', ')}`
      : 'schema is up to date',
  );
}

/**
 * On a fresh install (no admin yet): a one-time first-admin setup token, for the banner. The
 * launcher issues it rather than the API, so it can print it; the API is told not to issue
 * another (SETUP_TOKEN_AT_BOOT=false).
 */
async function issueFirstAdminLink(databaseUrl: string, publicWebUrl: string) {
  const dataSource = new DataSource({
    ...buildDataSourceOptions({ url: databaseUrl, poolSize: 1, applicationName: 'lr-dev-setup' }),
    entities: [],
  });
  await dataSource.initialize();
  try {
    const issued = await issueSetupToken(dataSource);
    return issued && setupLink(publicWebUrl, issued.token);
  } finally {
    await dataSource.destroy();
  }
}

/** Polls until `url` answers 200. Resolves with the last thing it saw when it gives up. */
async function waitForOk(
  url: string,
  timeoutMs: number,
  supervisor: Supervisor,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline && !supervisor.isStopping) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return undefined;
      last = `HTTP ${response.status}`;
    } catch {
      last = 'no answer';
    }
    await delay(500);
  }
  return last;
}

interface ProvidedStripe {
  /** Variables for the apps (empty when the user configured Stripe). */
  env: Record<string, string>;
  description: string;
}

/**
 * With no STRIPE_SECRET_KEY in development, a local Stripe stand-in (libs/payments) so checkout
 * works offline: hosted payment page with Pay / Pay late / Abandon, signed webhooks to the API.
 */
async function provideStripe(
  env: NodeJS.ProcessEnv,
  apiPort: number,
  supervisor: Supervisor,
): Promise<ProvidedStripe> {
  if (setting(env.STRIPE_SECRET_KEY)) {
    return {
      env: {},
      description: `${setting(env.STRIPE_API_HOST) ?? 'api.stripe.com'} (STRIPE_SECRET_KEY is set)`,
    };
  }
  if ((setting(env.NODE_ENV) ?? 'development') !== 'development') {
    return {
      env: {},
      description: 'not configured: checkout answers 503 until STRIPE_SECRET_KEY is set',
    };
  }
  const secretKey = `sk_test_standin${randomBytes(12).toString('hex')}`;
  const standIn = await supervisor.adopt(
    await StripeStandIn.start({
      secretKey,
      webhookUrl: `http://127.0.0.1:${apiPort}/webhooks/stripe`,
      autoDeliver: true,
      log: (line) => void process.stdout.write(`[stripe] ${line}\n`),
    }),
  );
  say(`STRIPE_SECRET_KEY is not set: a local Stripe stand-in is up on ${standIn.url}`);
  return {
    env: {
      STRIPE_SECRET_KEY: secretKey,
      STRIPE_WEBHOOK_SECRETS: standIn.webhookSecret,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(standIn.port),
      STRIPE_API_PROTOCOL: 'http',
    },
    description: `local stand-in ${standIn.url} (payment pages at /checkout/<session>; nothing is charged)`,
  };
}

function printSummary(
  settings: Settings,
  postgres: ProvidedService,
  redis: ProvidedService,
  stripe: ProvidedStripe,
  firstAdminLink: string | undefined,
): void {
  const api = `http://127.0.0.1:${settings.apiPort}`;
  const rows: Array<[string, string]> = [
    ['Storefront', `${api}/`],
    ['API', api],
    ['API docs', `${api}/docs`],
    ['Worker health', `http://127.0.0.1:${settings.workerPort}/health/ready`],
    ['Postgres', postgres.description],
    ['Redis', `${redis.description}, key prefix "${settings.redisPrefix}"`],
    ['Stripe', stripe.description],
  ];
  if (firstAdminLink) {
    rows.push(['First admin', `${firstAdminLink}`], ['', 'one-time link, expires in 24 h']);
  }
  const rule = '-'.repeat(72);
  const body = rows.map(([label, value]) => `  ${label.padEnd(14)} ${value}`);
  process.stdout.write(
    ['', rule, '  Limited Run is up', ...body, '  Ctrl+C stops everything.', rule, ''].join('\n') +
      '\n',
  );
}

async function main(supervisor: Supervisor): Promise<void> {
  const root = projectRoot(__dirname);
  // The same `.env` the apps read; real environment variables win over it.
  if (existsSync(join(root, '.env'))) process.loadEnvFile(join(root, '.env'));
  const settings = readSettings(process.env);
  const apps = {
    // The cluster entry runs API_PROCESSES processes on the API port (1 when unset).
    api: join(root, 'dist/apps/api/src/cluster.js'),
    worker: join(root, 'dist/apps/worker/src/main.js'),
  };
  const missing = Object.values(apps).find((script) => !existsSync(script));
  if (missing) {
    throw new StartupError(
      `${relative(root, missing)} is missing: run \`npm start\` (it builds first)`,
    );
  }

  // Redis first: it is the cheap one to be missing, so fail before initdb rather than after.
  const redis = await provideRedis(settings, root, supervisor);
  if (supervisor.isStopping) return;
  const postgres = await providePostgres(settings, root, supervisor);
  if (supervisor.isStopping) return;
  await migrate(postgres.url);
  if (supervisor.isStopping) return;
  const stripe = await provideStripe(process.env, settings.apiPort, supervisor);
  if (supervisor.isStopping) return;

  const publicWebUrl =
    setting(process.env.PUBLIC_WEB_URL) ?? `http://127.0.0.1:${settings.apiPort}`;
  const firstAdminLink = await issueFirstAdminLink(postgres.url, publicWebUrl);
  if (supervisor.isStopping) return;

  const env = {
    ...process.env,
    ...stripe.env,
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    JWT_SECRET: setting(process.env.JWT_SECRET) ?? (await ensureJwtSecret(root)),
    // Checkout returns and mailed links lead back to the app on the port it really has.
    PUBLIC_WEB_URL: publicWebUrl,
    // The banner below carries the setup link issued above; the API need not log another.
    SETUP_TOKEN_AT_BOOT: 'false',
  };
  supervisor.startApp('api', apps.api, env, root);
  supervisor.startApp('worker', apps.worker, env, root);

  const [apiProblem, workerProblem] = await Promise.all([
    waitForOk(`http://127.0.0.1:${settings.apiPort}/health/ready`, READY_TIMEOUT_MS, supervisor),
    waitForOk(`http://127.0.0.1:${settings.workerPort}/health/ready`, READY_TIMEOUT_MS, supervisor),
  ]);
  if (supervisor.isStopping) return;
  if (apiProblem || workerProblem) {
    // Left running on purpose: the logs above and /health/ready say what is missing.
    complain(
      `not ready after ${READY_TIMEOUT_MS / 1000} s (api: ${apiProblem ?? 'ready'}, worker: ${workerProblem ?? 'ready'}); ` +
        'still running, see the logs above',
    );
    return;
  }
  printSummary(settings, postgres, redis, stripe, firstAdminLink);
}

const supervisor = new Supervisor();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (!supervisor.isStopping) say(`${signal}: stopping the apps, then the services started here`);
    void supervisor.shutdown(0, signal);
  });
}
main(supervisor).catch((error: unknown) => {
  // A step cut short by Ctrl+C (its database stopped under it) is not worth reporting.
  if (supervisor.isStopping) return;
  if (error instanceof StartupError) complain(error.message);
  else
    complain(
      `failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  void supervisor.shutdown(1);
});
