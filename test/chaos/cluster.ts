// The seed's processes: two API processes and two workers, each a child started and stopped by
// its PID (bench/support/processes). A crash is SIGKILL to that PID; the restart reuses the
// port, as a supervisor would.
import { join } from 'node:path';
import { type Started, startNode, waitHealthy } from '../../bench/support/processes';
import { closed, hasExited } from '../../scripts/dev-services';
import type { ProcessClocks } from './clocks';

const ROOT = join(__dirname, '../..');
const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

export type Role = 'api' | 'worker';

interface Member {
  role: Role;
  index: number;
  port: number;
  proc?: Started;
  /** While a crashed member is starting again. */
  restarting?: Promise<void>;
}

export interface ClusterOptions {
  env: NodeJS.ProcessEnv;
  apiPorts: number[];
  workerPorts: number[];
  logDir: string;
  newPort: () => Promise<number>;
  /** Built apps (`dist/`), or unset to run the sources through ts-node. */
  distDir?: string;
  /** Each process's wall clock, which the clock-skew fault moves. */
  clocks: ProcessClocks;
}

export class Cluster {
  private readonly members: Member[];
  readonly crashes: Array<{ role: Role; index: number; pid: number }> = [];
  /** Restarts after a crash that failed (each member is started again by `allUp`). */
  readonly failedRestarts: string[] = [];

  constructor(private readonly options: ClusterOptions) {
    this.members = [
      ...options.apiPorts.map((port, index) => ({ role: 'api' as const, index, port })),
      ...options.workerPorts.map((port, index) => ({ role: 'worker' as const, index, port })),
    ];
  }

  apiUrl(index: number): string {
    return `http://127.0.0.1:${this.member('api', index).port}`;
  }

  /** Where the member answers its liveness probe (an API or a worker). */
  healthUrl(role: Role, index: number): string {
    return `http://127.0.0.1:${this.member(role, index).port}/health/live`;
  }

  /** The API processes' origins as they are now (a restart may have moved one to a new port). */
  apiUrls(): string[] {
    return this.options.apiPorts.map((_, index) => this.apiUrl(index));
  }

  get apiCount(): number {
    return this.options.apiPorts.length;
  }

  async start(): Promise<void> {
    await Promise.all(this.members.map((m) => this.startMember(m)));
  }

  /** SIGKILL to the member's PID, then a start again in the background. */
  async crash(role: Role, index: number, downMs: number): Promise<number | undefined> {
    const member = this.member(role, index);
    if (member.restarting) await member.restarting;
    const proc = member.proc;
    if (!proc || hasExited(proc.child)) return undefined;
    process.kill(proc.pid, 'SIGKILL');
    await closed(proc.child);
    await proc.stop(0);
    this.crashes.push({ role, index, pid: proc.pid });
    member.restarting = (async () => {
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await this.startMember(member);
    })()
      // Nobody awaits a restart in the background: thrown here, it would be an unhandled
      // rejection and end the whole run (a runner died so when Postgres refused connections).
      // Kept instead; `allUp` starts the member again and throws if that fails too.
      .catch((error: unknown) => {
        this.failedRestarts.push(`${role}-${index}: ${String(error).split('\n')[0]}`);
      })
      .finally(() => (member.restarting = undefined));
    return proc.pid;
  }

  /** Every member running again (a restart still going is awaited). */
  async allUp(): Promise<void> {
    for (const member of this.members) {
      if (member.restarting) await member.restarting;
      if (!member.proc || hasExited(member.proc.child)) await this.startMember(member);
    }
  }

  async stop(): Promise<void> {
    for (const member of this.members) {
      if (member.restarting) await member.restarting.catch(() => undefined);
      await member.proc?.stop(10_000);
    }
  }

  pids(): number[] {
    return this.members.flatMap((m) => (m.proc && !hasExited(m.proc.child) ? [m.proc.pid] : []));
  }

  private member(role: Role, index: number): Member {
    return this.members.find((m) => m.role === role && m.index === index)!;
  }

  /** Starts the member; a port taken meanwhile (loopback ports are shared) moves it to another. */
  private async startMember(member: Member): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.startOnce(member);
      } catch (error) {
        if (attempt >= 3 || !/EADDRINUSE/.test(String(error))) throw error;
        member.port = await this.options.newPort();
      }
    }
  }

  private async startOnce(member: Member): Promise<void> {
    const main = member.role === 'api' ? 'apps/api/src/main' : 'apps/worker/src/main';
    const args = this.options.distDir
      ? [join(this.options.distDir, `${main}.js`)]
      : [...TS_NODE, join(ROOT, `${main}.ts`)];
    const portVariable = member.role === 'api' ? 'API_PORT' : 'WORKER_PORT';
    const name = `${member.role}-${member.index}`;
    const proc = startNode({
      name,
      args,
      env: {
        ...this.options.env,
        ...this.options.clocks.env(name),
        [portVariable]: String(member.port),
      },
      cwd: ROOT,
      logFile: join(this.options.logDir, `${member.role}-${member.index}.log`),
    });
    member.proc = proc;
    // Generous: on a machine shared by many jobs a NestJS process can take minutes to boot.
    await waitHealthy(proc, `http://127.0.0.1:${member.port}/health/live`, 600_000);
  }
}
