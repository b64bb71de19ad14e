// Threads and processes of the machine's, not ours, that the bench sets aside for its run: moved
// to the load generator's CPUs and made SCHED_IDLE there (they run only when nothing else on
// that CPU wants it), then put back as they were. Used for the kernel's DAMON threads
// (kdamond.ts) and RabbitMQ's port spawner (epmd-starter.ts); docs/benchmarks.md, fourteenth
// and fifteenth sessions.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

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

interface Saved {
  pid: number;
  cpus: string;
  scheduling: string[];
}

/**
 * Moves every one of `processes` to `cpus` as SCHED_IDLE and returns what puts each back as it
 * was. If one cannot be set aside (not root, a kernel thread that forbids it), those already
 * moved are put back, and `moved` is false.
 */
export function setAside(
  processes: ReadonlyArray<{ pid: number }>,
  cpus: string,
): { moved: boolean; restore: () => void } {
  const before: Saved[] = [];
  try {
    for (const each of processes) {
      const pid = String(each.pid);
      const saved = {
        pid: each.pid,
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
  return { moved: processes.length > 0, restore: () => restore(before) };
}

function restore(saved: readonly Saved[]): void {
  for (const { pid, cpus, scheduling } of saved) {
    try {
      execFileSync('chrt', [...scheduling, String(pid)], { stdio: 'ignore' });
      execFileSync('taskset', ['-pc', cpus, String(pid)], { stdio: 'ignore' });
    } catch {
      // It has gone meanwhile (DAMON turned off, a process ended): nothing to put back.
    }
  }
}

/** The pid of every process or kernel thread whose name (`/proc/<pid>/comm`) `matches`. */
export function pidsNamed(matches: (comm: string) => boolean): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && matches(readTrimmed(`/proc/${entry}/comm`)))
    .map(Number);
}

/** A /proc or /sys file's text, trimmed; '' if it cannot be read (gone, or not allowed). */
export function readTrimmed(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}
