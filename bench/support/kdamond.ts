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
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pidsNamed, readTrimmed } from './set-aside';

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
      const pid = Number(readTrimmed(join(dir, 'pid')));
      if (!Number.isInteger(pid) || pid <= 0) continue;
      const context = join(dir, 'contexts/0');
      const sampleUs = Number(readTrimmed(join(context, 'monitoring_attrs/intervals/sample_us')));
      settings.set(pid, {
        sampleMs: Number.isFinite(sampleUs) && sampleUs > 0 ? sampleUs / 1000 : undefined,
        operations: readTrimmed(join(context, 'operations')) || undefined,
      });
    }
  }
  return pidsNamed((comm) => comm.startsWith('kdamond')).map((pid) => ({
    pid,
    ...settings.get(pid),
  }));
}

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
