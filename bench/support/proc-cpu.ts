// CPU time of processes and of the whole machine, read from /proc (Linux only). Ticks are
// USER_HZ (getconf CLK_TCK, 100 on Linux): 10 ms resolution, so rounds should last seconds.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

export const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** One process as /proc/<pid>/stat gives it. */
export interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /**
   * utime + stime + cutime + cstime (ticks). With its reaped children: a process that starts and
   * ends between two readings (the epmd check's VM) is only there, in its parent's figure.
   */
  ticks: number;
  /** cutime + cstime alone: what the children it has waited for used. */
  childTicks: number;
}

/** A /proc/<pid>/stat line; undefined if it is not one. */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  // The command name may hold spaces and parentheses: fields are counted after the last ')'.
  const fields = text.slice(close + 2).split(' ');
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
  const pid = Number(text.slice(0, open).trim());
  const ppid = Number(fields[1]);
  if (![pid, ppid, utime, stime, cutime, cstime].every(Number.isFinite)) return undefined;
  return {
    pid,
    ppid,
    comm: text.slice(open + 1, close),
    ticks: utime + stime + cutime + cstime,
    childTicks: cutime + cstime,
  };
}

/** `/proc/<pid>/stat`, read; undefined once the process has gone (or on another machine). */
export function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * utime + stime of one process (all its threads), in ticks; 0 once it has gone. This process
 * also counts its reaped children (cutime + cstime): the load generators it starts end before
 * the round's last reading, and their time is only there once they have exited.
 */
export function processTicks(pid: number): number {
  const stat = readProcStat(pid);
  if (!stat) return 0;
  return pid === process.pid ? stat.ticks : stat.ticks - stat.childTicks;
}

/** A /proc/stat `cpu` line's busy ticks: every field but idle and iowait (guest is in user). */
function busyOf(line: string): number {
  const [user, nice, system, , , irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return user + nice + system + irq + softirq + (steal ?? 0);
}

/** Busy ticks of the whole machine. */
export function machineBusyTicks(): number {
  return busyOf(readFileSync('/proc/stat', 'utf8').split('\n')[0]);
}

/** Busy ticks of each CPU (its `cpuN` line), by CPU number. */
export function busyTicksByCpu(): Map<number, number> {
  const byCpu = new Map<number, number>();
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const cpu = /^cpu(\d+) /.exec(line);
    if (cpu) byCpu.set(Number(cpu[1]), busyOf(line));
  }
  return byCpu;
}

/** `pid` and its descendants (a cluster primary and its workers, a shell and its command). */
export function processTree(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length && i < 256; i++) {
    const tasks = `/proc/${pids[i]}/task`;
    if (!existsSync(tasks)) continue;
    for (const task of readdirSync(tasks)) {
      try {
        const children = readFileSync(`${tasks}/${task}/children`, 'utf8').trim();
        if (children) pids.push(...children.split(/\s+/).map(Number));
      } catch {
        // The task ended between the listing and the read.
      }
    }
  }
  return [...new Set(pids)];
}

/** Processes whose ticks are summed under one role (pids may change between rounds). */
export type RolePids = Record<string, number[]>;

export interface CpuSnapshot {
  at: number;
  machine: number;
  byCpu: Map<number, number>;
  byPid: Map<number, number>;
}

export function snapshot(roles: RolePids): CpuSnapshot {
  const byPid = new Map<number, number>();
  for (const pids of Object.values(roles))
    for (const pid of pids) byPid.set(pid, processTicks(pid));
  return { at: Date.now(), machine: machineBusyTicks(), byCpu: busyTicksByCpu(), byPid };
}

/** Ticks per role between two snapshots (a pid present only in the later one counts from 0). */
export function ticksBetween(
  roles: RolePids,
  a: CpuSnapshot,
  b: CpuSnapshot,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [role, pids] of Object.entries(roles)) {
    out[role] = pids.reduce(
      (n, pid) => n + Math.max(0, (b.byPid.get(pid) ?? 0) - (a.byPid.get(pid) ?? 0)),
      0,
    );
  }
  return out;
}

/** `taskset -c` syntax ("0", "0,1", "0-3") to CPU numbers. */
export function cpuList(spec: string): number[] {
  return spec.split(',').flatMap((part) => {
    const [from, to = from] = part.split('-').map(Number);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

/** The share of `cpus`' time they were busy between two snapshots (0–1). */
export function cpuBusyShare(
  cpus: readonly number[],
  a: CpuSnapshot,
  b: CpuSnapshot,
  ticksPerSecond: number,
): number {
  const busy = cpus.reduce((n, cpu) => n + (b.byCpu.get(cpu) ?? 0) - (a.byCpu.get(cpu) ?? 0), 0);
  return busy / (cpus.length * ((b.at - a.at) / 1000) * ticksPerSecond);
}
