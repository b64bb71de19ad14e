// Starts bench/foreign-probe.ts and keeps what it saw: other people's CPU, second by second.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { childEnvironment } from './environment';
import { type ForeignSecond, parseForeignLine, parseProcStat } from './foreign-cpu';
import { startProcess, TS_NODE } from './processes';

export interface ForeignProbe {
  pid: number;
  /** The seconds read that overlap [fromMs, toMs] (epoch ms). */
  between(fromMs: number, toMs: number): ForeignSecond[];
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
    between: (fromMs, toMs) => seconds.filter((s) => s.toMs > fromMs && s.fromMs < toMs),
  };
}

/**
 * The parent of a local process (a Postgres backend's is the postmaster, whose tree is the whole
 * server); undefined if it cannot be read (the server runs elsewhere).
 */
export function parentPid(pid: number): number | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.ppid;
  } catch {
    return undefined;
  }
}
