import { registerSweep, type SweepTiming } from '@limited-run/platform';
import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import {
  PAYMENTS_QUEUE,
  PaymentJob,
  processEventJobId,
  type ProcessPaymentEventJob,
  SWEEP_EVENTS_JOB_ID,
} from './payments.queue';

/** Producer of the payments queue; call only once the event row has committed. */
@Injectable()
export class PaymentEventsDispatcher {
  constructor(@InjectQueue(PAYMENTS_QUEUE) private readonly queue: Queue) {}

  async enqueue(eventId: string): Promise<void> {
    await this.queue.add(PaymentJob.ProcessEvent, { eventId } satisfies ProcessPaymentEventJob, {
      jobId: processEventJobId(eventId),
    });
  }

  /**
   * Re-enqueues events the sweep found unprocessed. A fresh job id per sweep: the original job
   * may sit in the failed set, where Bull would ignore a job with its id.
   */
  async reenqueue(eventIds: readonly string[], sweepId: string): Promise<void> {
    await this.queue.addBulk(
      eventIds.map((eventId) => ({
        name: PaymentJob.ProcessEvent,
        data: { eventId } satisfies ProcessPaymentEventJob,
        opts: { jobId: `${processEventJobId(eventId)}:sweep:${sweepId}` },
      })),
    );
  }

  /** The repeatable rescue sweep; registering it on another timing replaces it. */
  async scheduleSweep(timing: SweepTiming): Promise<void> {
    await registerSweep(this.queue, PaymentJob.SweepEvents, SWEEP_EVENTS_JOB_ID, timing);
  }
}
