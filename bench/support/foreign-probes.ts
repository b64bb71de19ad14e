// Starts bench/foreign-probe.ts and keeps what it saw: other people's CPU, second by second.
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { childEnvironment } from './environment';
import { type ForeignSecond, parseForeignLine } from './foreign-cpu';
import { readProcStat } from './proc-cpu';
import { startProcess, TS_NODE } from './processes';

export interface ForeignProbe {
  pid: number;
  /**
   * The seconds read that overlap [fromMs, toMs] (epoch ms), once the probe has read past `toMs`
   * (a second's line comes after the second ends), or after 2.5 s if it has not.
   */
  between(fromMs: number, toMs: number): Promise<ForeignSecond[]>;
}

/**
 * `ours`: the roots of the bench's processes (itself, whose tree holds the servers, and the shared
 * servers it uses); `aside`: the machine's processes set aside for the run. Pinned to `cpus`.
 */
export function startForeignProbe(options: {
  ours: readonly number[];
  aside: readonly number[];
  cpus: string;
  workDir: string;
  cwd: string;
  maxSeconds: number;
}): ForeignProbe {
  const seconds: ForeignSecond[] = [];
  const list = (pids: readonly number[]): string => (pids.length > 0 ? pids.join(',') : '-');
  const probe = startProcess({
    name: 'foreign-probe',
    cpus: options.cpus,
    args: [
      ...TS_NODE,
      join(__dirname, '../foreign-probe.ts'),
      list(options.ours),
      list(options.aside),
      String(options.maxSeconds),
    ],
    env: childEnvironment({}),
    cwd: options.cwd,
    logFile: join(options.workDir, 'foreign-probe.log'),
    onLine: (line) => {
      const second = parseForeignLine(line);
      if (second) seconds.push(second);
    },
  });
  return {
    pid: probe.pid,
    between: async (fromMs, toMs) => {
      const deadline = Date.now() + 2_500;
      while ((seconds.at(-1)?.toMs ?? 0) < toMs && Date.now() < deadline) await delay(50);
      return seconds.filter((s) => s.toMs > fromMs && s.fromMs < toMs);
    },
  };
}

/**
 * The postmaster of a Postgres backend (whose tree is the whole server), from the backend's pid
 * (`pg_backend_pid()`); undefined unless both are local `postgres` processes. In a container the
 * pid is the container's, and on this host it may name some other process.
 */
export function postmasterOf(backendPid: number): number | undefined {
  const backend = readProcStat(backendPid);
  const parent = backend && readProcStat(backend.ppid);
  return backend?.comm === 'postgres' && parent?.comm === 'postgres' ? parent.pid : undefined;
}
