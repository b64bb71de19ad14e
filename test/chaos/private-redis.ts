// The seed's own Redis: a `redis-server` child on a loopback port of the chaos range, never the
// shared one. It can be crashed (SIGKILL, by its PID) and started again on the same port with
// its data (append-only file, fsync on every write, as a durable deployment runs) or without.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { closed, delay, hasExited } from '../../scripts/dev-services';

const running = new Set<ChildProcess>();
// A run stopped early (Ctrl-C, SIGTERM) still takes its Redis servers down, by PID.
process.on('exit', () => {
  for (const child of running) if (!hasExited(child)) child.kill('SIGKILL');
});

export class PrivateRedis {
  private child: ChildProcess | undefined;
  restarts = 0;
  /** The restart under way: two Redis faults close together take turns, never overlap. */
  private restarting: Promise<void> = Promise.resolve();

  constructor(
    readonly port: number,
    private readonly dataDir: string,
    private readonly logFile: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts it; a start refused (the port not yet released by the killed one) is tried again. */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.startOnce();
      } catch (error) {
        if (attempt >= 10) throw error;
        await delay(200 * attempt);
      }
    }
  }

  private async startOnce(): Promise<void> {
    mkdirSync(this.dataDir, { recursive: true });
    const log = openSync(this.logFile, 'a');
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--protected-mode',
        'yes',
        '--dir',
        this.dataDir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--daemonize',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', log, log] },
    );
    closeSync(log);
    this.child = child;
    running.add(child);
    child.once('exit', () => running.delete(child));
    for (let attempt = 0; attempt < 100; attempt++) {
      if (hasExited(child)) {
        const tail = readFileSync(this.logFile, 'utf8').trim().split('\n').slice(-3).join(' | ');
        throw new Error(`redis-server on ${this.port} exited while starting: ${tail}`);
      }
      if (await this.answers(child)) return;
      await delay(50);
    }
    throw new Error(`redis-server on ${this.port} did not answer within 5 s`);
  }

  /**
   * A crash (SIGKILL by PID), then a start on the same port, with or without the data. Restarts
   * take turns: overlapping, a second one found the first one's server already dead, started
   * its own beside the first one's new server (which it could not bind), took that server's
   * answer for its own and lost track of it, so a later restart "without data" killed nothing.
   */
  async restart(keepData: boolean, downMs: number): Promise<void> {
    const turn = this.restarting.then(async () => {
      await this.kill();
      if (!keepData) rmSync(this.dataDir, { recursive: true, force: true });
      await delay(downMs);
      await this.start();
      this.restarts++;
    });
    this.restarting = turn.catch(() => undefined);
    await turn;
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async kill(): Promise<void> {
    const child = this.child;
    if (!child || hasExited(child)) return;
    child.kill('SIGKILL');
    await closed(child);
  }

  /** Only our own child counts: another server on the port (a leftover) must not pass for it. */
  private async answers(child: ChildProcess): Promise<boolean> {
    const client = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 500,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      // Loading the append-only file answers LOADING until done: only PONG counts.
      if ((await client.ping()) !== 'PONG') return false;
      const info = await client.info('server');
      return new RegExp(`^process_id:${child.pid}\\s*$`, 'm').test(info);
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }
}

export const redisDataDir = (workDir: string, seed: number): string =>
  join(workDir, `redis-${seed}`);

export const redisLogFile = (workDir: string): string => join(workDir, 'redis.log');
