import { registerSweep, type SweepTiming } from '@limited-run/platform';
import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { PinoLogger } from 'nestjs-pino';
import {
  type DrawJob,
  drawJobId,
  type OpenRoomJob,
  openRoomJobId,
  WAITLIST_QUEUE,
  WaitlistJob,
} from './waitlist.queue';

/**
 * Producer of the waitlist queue. Jobs only make draws and room openings punctual: the
 * worker's sweeps find whatever is overdue, so a failure to enqueue is logged, never fatal.
 * Call only after the transaction that justifies the job has committed.
 */
@Injectable()
export class WaitlistScheduler {
  constructor(
    @InjectQueue(WAITLIST_QUEUE) private readonly queue: Queue,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(WaitlistScheduler.name);
  }

  /** The raffle's draw at `at` (its entry cutoff); enqueuing it again changes nothing. */
  async scheduleDraw(dropId: string, at: Date): Promise<void> {
    const job: DrawJob = { dropId, at: at.toISOString() };
    await this.put(drawJobId(dropId), WaitlistJob.Draw, job, at);
  }

  /** The room's pre-queue shuffle at the drop's opening. */
  async scheduleRoomOpening(dropId: string, at: Date): Promise<void> {
    const job: OpenRoomJob = { dropId, at: at.toISOString() };
    await this.put(openRoomJobId(dropId), WaitlistJob.OpenRoom, job, at);
  }

  /** One of the worker's repeatable sweeps; registering it on another timing replaces it. */
  async scheduleSweep(
    name: typeof WaitlistJob.RaffleSweep | typeof WaitlistJob.WaitlistSweep,
    timing: SweepTiming,
  ): Promise<void> {
    await registerSweep(this.queue, name, `sweep:${name}`, timing);
  }

  private async put(jobId: string, name: string, data: object, at: Date): Promise<void> {
    try {
      const existing = await this.queue.getJob(jobId);
      if (existing) {
        const state = await existing.getState();
        // A running job will find the drop as it is now; the sweep covers a later time.
        if (state === 'active') return;
        const pending = state === 'delayed' || state === 'waiting' || state === 'paused';
        if (pending && JSON.stringify(existing.data) === JSON.stringify(data)) return;
        await existing.remove();
      }
      await this.queue.add(name, data, {
        jobId,
        delay: Math.max(0, at.getTime() - Date.now()),
        removeOnComplete: true,
        removeOnFail: 100,
        attempts: 5,
        backoff: { type: 'exponential', delay: 500 },
      });
    } catch (error) {
      this.logger.warn({ err: error, jobId }, 'could not enqueue; the sweep will cover it');
    }
  }
}
