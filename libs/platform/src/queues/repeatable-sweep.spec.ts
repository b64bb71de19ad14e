import { randomUUID } from 'node:crypto';
import Bull, { type Job, type Queue } from 'bull';
import { registerSweep, sweepRepeat } from './repeatable-sweep';

// A real Bull queue and worker on the machine's Redis, under a prefix of this run only.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** When a repeatable's run was due: Bull keeps it in the job's options, outside its typings. */
const dueOf = (job: Job): number => Number((job.opts as { prevMillis?: number }).prevMillis);

describe('sweepRepeat', () => {
  it('starts an interval that divides a minute at its phase, in seconds', () => {
    expect(sweepRepeat({ everyMs: 2_000, phaseSeconds: 1 })).toEqual({ cron: '1/2 * * * * *' });
    expect(sweepRepeat({ everyMs: 5_000, phaseSeconds: 4 })).toEqual({ cron: '4/5 * * * * *' });
    expect(sweepRepeat({ everyMs: 30_000, phaseSeconds: 11 })).toEqual({
      cron: '11/30 * * * * *',
    });
    expect(sweepRepeat({ everyMs: 1_000, phaseSeconds: 3 })).toEqual({ cron: '0/1 * * * * *' });
  });

  it('takes the phase modulo the interval', () => {
    expect(sweepRepeat({ everyMs: 5_000, phaseSeconds: 11 })).toEqual({ cron: '1/5 * * * * *' });
  });

  it('starts whole minutes that divide an hour at the phase second of the minute', () => {
    expect(sweepRepeat({ everyMs: 60_000, phaseSeconds: 4 })).toEqual({ cron: '4 0/1 * * * *' });
    expect(sweepRepeat({ everyMs: 300_000, phaseSeconds: 62 })).toEqual({
      cron: '2 0/5 * * * *',
    });
    expect(sweepRepeat({ everyMs: 3_600_000, phaseSeconds: 3 })).toEqual({ cron: '3 0 * * * *' });
  });

  it("keeps any other interval on Bull's every, whose period is exact", () => {
    expect(sweepRepeat({ everyMs: 7_000, phaseSeconds: 2 })).toEqual({ every: 7_000 });
    expect(sweepRepeat({ everyMs: 90_000, phaseSeconds: 2 })).toEqual({ every: 90_000 });
    expect(sweepRepeat({ everyMs: 1_500, phaseSeconds: 2 })).toEqual({ every: 1_500 });
    expect(sweepRepeat({ everyMs: 500, phaseSeconds: 0 })).toEqual({ every: 500 });
  });
});

describe('registerSweep (real Bull, real Redis)', () => {
  let queue: Queue;
  /** When each run of the sweep was due, and when it ran. */
  const runs: { due: number; ran: number }[] = [];

  beforeAll(async () => {
    queue = new Bull('sweeps', REDIS_URL, { prefix: `lr-spec-${randomUUID()}` });
    void queue.process('phased', (job) => {
      runs.push({ due: dueOf(job), ran: Date.now() });
      return Promise.resolve();
    });
    await queue.isReady();
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  const registered = async (name: string) =>
    (await queue.getRepeatableJobs()).filter((job) => job.name === name);

  it('runs the sweep at its phase within each interval, not at the multiples of it', async () => {
    await registerSweep(queue, 'phased', 'phased-sweep', { everyMs: 2_000, phaseSeconds: 1 });
    const [sweep] = await registered('phased');
    expect(sweep.next % 2_000).toBe(1_000);

    for (let waited = 0; runs.length < 2 && waited < 8_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const run of runs.slice(0, 2)) {
      expect(run.due % 2_000).toBe(1_000);
      expect(run.ran).toBeGreaterThanOrEqual(run.due);
    }
    expect(runs[1].due - runs[0].due).toBe(2_000);
  });

  it('registering it again as it is removes nothing and adds nothing', async () => {
    await registerSweep(queue, 'steady', 'steady-sweep', { everyMs: 5_000, phaseSeconds: 2 });
    const before = await registered('steady');
    const removal = jest.spyOn(queue, 'removeRepeatableByKey');
    try {
      await registerSweep(queue, 'steady', 'steady-sweep', { everyMs: 5_000, phaseSeconds: 2 });
      expect(removal).not.toHaveBeenCalled();
    } finally {
      removal.mockRestore();
    }
    expect(await registered('steady')).toEqual(before);
  });

  it("replaces the sweep on another timing, and an older release's every, with its pending run", async () => {
    // As an earlier release registered it: Bull's every, due at the multiples of 5 s.
    await queue.add(
      'moved',
      {},
      { repeat: { every: 5_000 }, jobId: 'moved-sweep', removeOnComplete: true },
    );
    await registerSweep(queue, 'moved', 'moved-sweep', { everyMs: 5_000, phaseSeconds: 2 });
    await registerSweep(queue, 'moved', 'moved-sweep', { everyMs: 10_000, phaseSeconds: 3 });

    const now = await registered('moved');
    expect(now).toHaveLength(1);
    expect(now[0].cron).toBe('3/10 * * * * *');
    expect(now[0].next % 10_000).toBe(3_000);
    // Only the current registration's next run waits; the replaced ones' were removed with them.
    const pending = (await queue.getDelayed()).filter((job) => job.name === 'moved');
    expect(pending.map((job) => dueOf(job))).toEqual([now[0].next]);
  });
});
