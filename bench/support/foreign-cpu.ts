// Other people's CPU, second by second: which processes that are neither the bench's nor set
// aside (set-aside.ts) used the machine's CPUs in each second of a run. The per-round "foreign
// CPU" (rounds.ts) is an average over 15 s and both cores, where a burst of 300 ms in one second
// (RabbitMQ's epmd check, docs/benchmarks.md, fifteenth session) is 1 %; here it is 300 ms, and
// named. Pure, so it is unit-tested (foreign-cpu.spec.ts); bench/foreign-probe.ts reads /proc.
import type { ProcStat } from './proc-cpu';

/** Whose a process is: the bench's (its tree, Postgres's, …), set aside, or someone else's. */
export type Owner = 'ours' | 'aside' | 'foreign';

/**
 * Each process's owner: that of its nearest ancestor (itself included) among `roots`, else
 * foreign. Kernel threads descend from kthreadd (pid 2) and are foreign unless listed.
 */
export function owners(
  processes: ReadonlyMap<number, ProcStat>,
  roots: ReadonlyMap<number, Exclude<Owner, 'foreign'>>,
): Map<number, Owner> {
  const found = new Map<number, Owner>();
  const ownerOf = (pid: number): Owner => {
    const chain: number[] = [];
    let owner: Owner = 'foreign';
    for (let at: number | undefined = pid; at !== undefined && at > 0;) {
      const known = found.get(at) ?? roots.get(at);
      if (known !== undefined) {
        owner = known;
        break;
      }
      chain.push(at);
      // Bounded: a pid table cannot hold a cycle, but a misread one must not hang the probe.
      if (chain.length > 64) break;
      at = processes.get(at)?.ppid;
    }
    // A root is not in its own chain: it was known before the walk began.
    for (const each of [pid, ...chain]) found.set(each, owner);
    return owner;
  };
  for (const pid of processes.keys()) ownerOf(pid);
  return found;
}

/** CPU used by foreign and set-aside processes between two readings about a second apart. */
export interface ForeignSecond {
  /** When the readings were taken (epoch ms). */
  fromMs: number;
  toMs: number;
  foreignMs: number;
  asideMs: number;
  /** The foreign command names that used the most, most first (ms). */
  top: Array<{ comm: string; ms: number }>;
}

const TOP_NAMES = 3;

/**
 * What foreign and set-aside processes used from `before` to `after` (readings of every process).
 * A process that ended in between has its ticks in its parent's (cutime) by now, if the parent
 * waited for it, so what it had at `before` is taken off its nearest ancestor still there, up to
 * what that ancestor's children's figure grew by (kthreadd, and parents that ignore SIGCHLD, never
 * wait, and their children's time is simply gone). Each process is then charged with its own
 * time, and that of children that started and ended in between (the epmd check's VM shows as its
 * spawner's), and never with less than nothing.
 */
export function foreignBetween(
  before: ReadonlyMap<number, ProcStat>,
  after: ReadonlyMap<number, ProcStat>,
  roots: ReadonlyMap<number, Exclude<Owner, 'foreign'>>,
  interval: { fromMs: number; toMs: number },
  ticksPerSecond: number,
): ForeignSecond {
  const used = new Map<number, number>();
  const reaped = new Map<number, number>();
  for (const p of after.values()) {
    const was = before.get(p.pid);
    used.set(p.pid, p.ticks - (was?.ticks ?? 0));
    reaped.set(p.pid, p.childTicks - (was?.childTicks ?? 0));
  }
  for (const ended of before.values()) {
    if (after.has(ended.pid)) continue;
    let at = ended.ppid;
    for (let hops = 0; !after.has(at) && before.has(at) && hops < 64; hops++) {
      at = before.get(at)?.ppid ?? 0;
    }
    const taken = Math.min(ended.ticks, Math.max(0, reaped.get(at) ?? 0));
    if (taken > 0) {
      used.set(at, (used.get(at) ?? 0) - taken);
      reaped.set(at, (reaped.get(at) ?? 0) - taken);
    }
  }
  const owner = owners(after, roots);
  const byOwner = { ours: 0, aside: 0, foreign: 0 };
  const byComm = new Map<string, number>();
  for (const [pid, delta] of used) {
    const ticks = Math.max(0, delta);
    const whose = owner.get(pid) ?? 'foreign';
    byOwner[whose] += ticks;
    const comm = after.get(pid)?.comm ?? '';
    if (whose === 'foreign') byComm.set(comm, (byComm.get(comm) ?? 0) + ticks);
  }
  const ms = (ticks: number): number => (Math.max(0, ticks) * 1000) / ticksPerSecond;
  const top = [...byComm]
    .map(([comm, ticks]) => ({ comm, ms: ms(ticks) }))
    .filter((c) => c.ms > 0)
    .sort((x, y) => y.ms - x.ms || x.comm.localeCompare(y.comm))
    .slice(0, TOP_NAMES);
  return {
    ...interval,
    foreignMs: ms(byOwner.foreign),
    asideMs: ms(byOwner.aside),
    top,
  };
}

/** The probe's line for one second, and back. */
export function foreignLine(s: ForeignSecond): string {
  const top = s.top.map((c) => `${c.comm.replace(/[\s=,]/g, '_')}=${c.ms}`).join(',');
  return `FOREIGN ${s.fromMs} ${s.toMs} ${s.foreignMs} ${s.asideMs} ${top || '-'}`;
}

export function parseForeignLine(line: string): ForeignSecond | undefined {
  const [word, fromMs, toMs, foreignMs, asideMs, top] = line.split(' ');
  if (word !== 'FOREIGN' || top === undefined) return undefined;
  return {
    fromMs: Number(fromMs),
    toMs: Number(toMs),
    foreignMs: Number(foreignMs),
    asideMs: Number(asideMs),
    top:
      top === '-'
        ? []
        : top.split(',').map((pair) => {
            const at = pair.lastIndexOf('=');
            return { comm: pair.slice(0, at), ms: Number(pair.slice(at + 1)) };
          }),
  };
}

/**
 * Foreign CPU in one second that marks a window. A quiet second here has 0–80 ms, counted in 10-ms
 * ticks over 3–6 processes (RabbitMQ, the VM's agent, nats, mosquitto, kernel workers): 1,448 of
 * the 1,450 seconds of the 07:57 run of 6 December, whose other two (130 and 150 ms) were a shell
 * run beside the bench. 100 ms is half the servers' CPU's headroom at 80 % of capacity.
 */
export const FOREIGN_BURST_MS = 100;

/**
 * Set-aside CPU in one second that marks a window too. They run as SCHED_IDLE on the generator's
 * CPU, which the bench's Redis shares, and still take it: in the 07:23 run of 6 December the epmd
 * check's VM used 450 ms of it in one second, and the declines at 80 % queued to a p50 of 160 ms
 * for 1.5 s. kdamond's passes there take 10–90 ms a second, every second, and do not count.
 */
export const ASIDE_BURST_MS = 150;

/** The seconds with a foreign burst, or a set-aside one. */
export const foreignBursts = (seconds: readonly ForeignSecond[]): ForeignSecond[] =>
  seconds.filter((s) => s.foreignMs >= FOREIGN_BURST_MS || s.asideMs >= ASIDE_BURST_MS);

/** "310 ms at 20:14:05 (beam.smp 290, …)" for each burst, with the set-aside ms; or "none". */
export function burstsText(bursts: readonly ForeignSecond[]): string {
  if (bursts.length === 0) return 'none';
  return bursts
    .map((b) => {
      const time = new Date(b.fromMs).toISOString().slice(11, 19);
      const who = b.top.map((c) => `${c.comm} ${c.ms.toFixed(0)}`).join(', ');
      const aside = b.asideMs >= ASIDE_BURST_MS ? `, set aside ${b.asideMs.toFixed(0)} ms` : '';
      return `${b.foreignMs.toFixed(0)} ms at ${time} (${who || 'no process'}${aside})`;
    })
    .join('; ');
}
