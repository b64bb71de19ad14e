// The kernel's DAMON memory monitor (`kdamond` threads), which the machines this bench runs on
// have running: in physical-address mode it wakes every `sample_us` (500 ms here), checks and
// clears the accessed bits of pages across 1,024–8,192 regions, and goes back to sleep, so a
// pass starts every ~545 ms and takes 13–20 ms of a CPU (16–37 ms of wall time). Unpinned, it
// touched the servers' CPU in 9 of 14 passes sampled, where the server loses half of that CPU for
// the pass: the open loop's declines then queued into an episode of 30–45 ms every 545 ms
// (docs/benchmarks.md, "A kernel thread every 545 ms", fourteenth session). Like Redis and the
// load generator, it is moved off the servers' CPUs for the run and put back afterwards.
//
// Moved, it took the same 8–17 ms on the beat from the generator and the bench's Redis, which
// share that CPU and are in every answer's latency. So for the run it is also SCHED_IDLE and gets
// that CPU only when nothing else there wants it (the kernel is PREEMPT_NONE, but a pass gives way
// at its reschedule points). In a reduced run so set, the generator CPU's probe saw 0–13 wake-ups
// ≥ 8 ms late per 15-s window, against 30–73 in the last full run without it, and the generator's
// send lag p99 fell from 7–29 ms to 2–7 ms (docs/benchmarks.md, fifteenth session). DAMON's own
// settings are the machine's and are left alone.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DAMON_ADMIN = '/sys/kernel/mm/damon/admin/kdamonds';

export interface Kdamond {
  pid: number;
  /** How often it samples (ms), where sysfs says; undefined if it does not. */
  sampleMs?: number;
  /** Its address space: `paddr` (every page of the machine) or `vaddr` (one process's). */
  operations?: string;
}

/** Every running kdamond thread, with its sampling settings where DAMON's sysfs gives them. */
export function findKdamonds(): Kdamond[] {
  const settings = new Map<number, Omit<Kdamond, 'pid'>>();
  if (existsSync(DAMON_ADMIN)) {
    for (const entry of readdirSync(DAMON_ADMIN)) {
      const dir = join(DAMON_ADMIN, entry);
      const pid = Number(readOr(join(dir, 'pid')));
      if (!Number.isInteger(pid) || pid <= 0) continue;
      const context = join(dir, 'contexts/0');
      const sampleUs = Number(readOr(join(context, 'monitoring_attrs/intervals/sample_us')));
      settings.set(pid, {
        sampleMs: Number.isFinite(sampleUs) && sampleUs > 0 ? sampleUs / 1000 : undefined,
        operations: readOr(join(context, 'operations')) || undefined,
      });
    }
  }
  const found: Kdamond[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (!readOr(`/proc/${entry}/comm`).startsWith('kdamond')) continue;
    const pid = Number(entry);
    found.push({ pid, ...settings.get(pid) });
  }
  return found;
}

/** The CPU list of `taskset -pc <pid>`'s answer ("pid 83's current affinity list: 0,1"). */
export function affinityList(tasksetOutput: string): string {
  const match = /affinity list:\s*(\S+)/.exec(tasksetOutput);
  if (!match) throw new Error(`unexpected taskset output: ${tasksetOutput.trim()}`);
  return match[1];
}

/**
 * The `chrt` flag that sets a policy again, from `chrt -p <pid>`'s answer ("pid 83's current
 * scheduling policy: SCHED_OTHER" and "…priority: 0"), as the arguments `chrt` takes back.
 */
export function schedulingArgs(chrtOutput: string): string[] {
  const policy = /scheduling policy:\s*(SCHED_[A-Z]+)/.exec(chrtOutput)?.[1];
  const priority = /scheduling priority:\s*(\d+)/.exec(chrtOutput)?.[1];
  const flag = policy === undefined ? undefined : CHRT_FLAGS[policy];
  if (flag === undefined || priority === undefined) {
    throw new Error(`unexpected chrt output: ${chrtOutput.trim()}`);
  }
  return [flag, '-p', priority];
}

const CHRT_FLAGS: Record<string, string> = {
  SCHED_OTHER: '-o',
  SCHED_BATCH: '-b',
  SCHED_IDLE: '-i',
  SCHED_FIFO: '-f',
  SCHED_RR: '-r',
};

/** What the Setup line says about them. */
export function kdamondText(kdamonds: readonly Kdamond[], movedTo: string | undefined): string {
  if (kdamonds.length === 0) return 'No DAMON monitor (kdamond) runs on this machine.';
  const each = kdamonds
    .map(
      (k) =>
        `pid ${k.pid}` +
        (k.sampleMs === undefined ? '' : `, a pass every ${k.sampleMs} ms`) +
        (k.operations === undefined ? '' : ` (${k.operations})`),
    )
    .join('; ');
  return (
    `The kernel's DAMON monitor (kdamond: ${each}) ` +
    (movedTo === undefined
      ? "left where the kernel puts it (it also runs on the servers' CPUs)."
      : `moved to CPU ${movedTo} and set to SCHED_IDLE for the run (\`taskset\`, \`chrt -i\`: it runs only when nothing else there wants the CPU), and put back as it was afterwards.`)
  );
}

interface SavedKdamond {
  pid: number;
  cpus: string;
  scheduling: string[];
}

/**
 * Moves every kdamond to `cpus` as SCHED_IDLE and returns what puts each back as it was. A
 * thread that cannot be set aside (not root, a kernel that forbids it) is left as it is, and
 * `moved` says so.
 */
export function moveKdamonds(
  kdamonds: readonly Kdamond[],
  cpus: string,
): { moved: boolean; restore: () => void } {
  const before: SavedKdamond[] = [];
  try {
    for (const k of kdamonds) {
      const pid = String(k.pid);
      const saved = {
        pid: k.pid,
        cpus: affinityList(execFileSync('taskset', ['-pc', pid]).toString()),
        scheduling: schedulingArgs(execFileSync('chrt', ['-p', pid]).toString()),
      };
      before.push(saved);
      execFileSync('taskset', ['-pc', cpus, pid], { stdio: 'ignore' });
      execFileSync('chrt', ['-i', '-p', '0', pid], { stdio: 'ignore' });
    }
  } catch {
    restore(before);
    return { moved: false, restore: () => undefined };
  }
  return { moved: kdamonds.length > 0, restore: () => restore(before) };
}

function restore(saved: readonly SavedKdamond[]): void {
  for (const { pid, cpus, scheduling } of saved) {
    try {
      execFileSync('chrt', [...scheduling, String(pid)], { stdio: 'ignore' });
      execFileSync('taskset', ['-pc', cpus, String(pid)], { stdio: 'ignore' });
    } catch {
      // The thread has gone (DAMON turned off meanwhile): nothing to put back.
    }
  }
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}
