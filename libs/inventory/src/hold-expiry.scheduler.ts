import { registerSweep, type SweepTiming } from '@limited-run/platform';
import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { PinoLogger } from 'nestjs-pino';
import type { Hold } from './hold.entity';
import {
  expireJobIdFor,
  type ExpireHoldJob,
  HoldJob,
  HOLDS_QUEUE,
  RECONCILE_JOB_ID,
  SWEEP_JOB_ID,
} from './holds.queue';

/**
 * Producer of the holds queue. An expiry job is punctuality, not correctness: the worker's
 * sweep expires due holds whose job was lost, so a failure to enqueue is logged, not thrown.
 */
@Injectable()
export class HoldExpiryScheduler {
  constructor(
    @InjectQueue(HOLDS_QUEUE) private readonly queue: Queue,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(HoldExpiryScheduler.name);
  }

  async schedule(hold: Pick<Hold, 'id' | 'expiresAt'>): Promise<void> {
    const job: ExpireHoldJob = { holdId: hold.id };
    await this.queue
      .add(HoldJob.Expire, job, {
        jobId: expireJobIdFor(hold.id),
        delay: Math.max(0, new Date(hold.expiresAt).getTime() - Date.now()),
        attempts: 5,
        backoff: { type: 'fixed', delay: 1000 },
        removeOnComplete: true,
        removeOnFail: 100,
      })
      .catch((error: unknown) =>
        this.logger.warn(
          { err: error, holdId: hold.id },
          'expiry job not enqueued; the sweep will expire it',
        ),
      );
  }

  /** A released hold's job would find nothing to do; removing it keeps the queue small. */
  async cancel(holdId: string): Promise<void> {
    const job = await this.queue.getJob(expireJobIdFor(holdId)).catch(() => null);
    await job?.remove().catch(() => undefined);
  }

  /** The repeatable sweep and reconciliation; registering them on another timing replaces them. */
  async scheduleRepeatables(sweep: SweepTiming, reconcile: SweepTiming): Promise<void> {
    await registerSweep(this.queue, HoldJob.Sweep, SWEEP_JOB_ID, sweep);
    await registerSweep(this.queue, HoldJob.Reconcile, RECONCILE_JOB_ID, reconcile);
  }
}
