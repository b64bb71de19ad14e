import type { CronRepeatOptions, EveryRepeatOptions, Queue } from 'bull';

/** When a repeatable sweep runs: every `everyMs`, starting `phaseSeconds` into each interval. */
export interface SweepTiming {
  everyMs: number;
  phaseSeconds: number;
}

export type SweepRepeat = Pick<CronRepeatOptions, 'cron'> | Pick<EveryRepeatOptions, 'every'>;

/**
 * Bull's repeat options for a sweep. Bull 4 runs an `every` repeatable at the multiples of its
 * interval since the epoch and takes no offset, so all the worker's sweeps whose intervals share
 * a multiple started in the same instant: the 2-s and 5-s ones at every tenth second, the 30-s
 * ones joining them at :00 and :30. That beat showed in the drop's open-loop latency
 * (docs/benchmarks.md). A cron with a seconds field starts a sweep where it is told to. Only an
 * interval that divides a minute, or an hour in whole minutes, keeps a fixed period under cron;
 * any other runs on Bull's `every`, at its multiples.
 */
export function sweepRepeat({ everyMs, phaseSeconds }: SweepTiming): SweepRepeat {
  const seconds = everyMs / 1000;
  if (!Number.isInteger(seconds) || seconds < 1) return { every: everyMs };
  if (seconds < 60 && 60 % seconds === 0) {
    return { cron: `${phaseSeconds % seconds}/${seconds} * * * * *` };
  }
  const minutes = seconds / 60;
  if (Number.isInteger(minutes) && 60 % minutes === 0) {
    const minuteField = minutes === 60 ? '0' : `0/${minutes}`;
    return { cron: `${phaseSeconds % 60} ${minuteField} * * * *` };
  }
  return { every: everyMs };
}

/**
 * Registers a repeatable sweep, then removes the same sweep registered on another schedule (an
 * older setting, or an older release's `every`), so it is never absent and never runs twice.
 * Registering again as it is changes nothing: Bull keeps one repeatable per key.
 */
export async function registerSweep(
  queue: Queue,
  name: string,
  jobId: string,
  timing: SweepTiming,
): Promise<void> {
  const repeat = sweepRepeat(timing);
  await queue.add(name, {}, { repeat, jobId, removeOnComplete: true, removeOnFail: 100 });
  const wanted = repeatKey(name, jobId, repeat);
  for (const registered of await queue.getRepeatableJobs()) {
    if (registered.name === name && registered.key !== wanted) {
      await queue.removeRepeatableByKey(registered.key);
    }
  }
}

/**
 * The key Bull files a repeatable under (`getRepeatKey` in bull/lib/repeatable.js): name, job
 * id, end date, time zone, then the cron or the interval. We set no end date or time zone.
 */
function repeatKey(name: string, jobId: string, repeat: SweepRepeat): string {
  return 'cron' in repeat
    ? `${name}:${jobId}:::${repeat.cron}`
    : `${name}:${jobId}::${repeat.every}`;
}
