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

/**
 * utime + stime of one process (all its threads), in ticks; 0 once it has gone. This process
 * also counts its reaped children (cutime + cstime): the load generators it starts end before
 * the round's last reading, and their time is only there once they have exited.
 */
export function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return pid === process.pid ? own + Number(fields[13]) + Number(fields[14]) : own;
  } catch {
    return 0;
  }
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
