import { PAYMENTS_QUEUE } from '@limited-run/payments';
import { afterCommit, registerSweep, type SweepTiming } from '@limited-run/platform';
import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import type { EntityManager } from 'typeorm';
import {
  type ExecuteRefundJob,
  executeRefundJobId,
  RefundJob,
  SWEEP_REFUNDS_JOB_ID,
} from '../checkout.queue';

/** Producer of refund jobs; call only once the order's `refund_pending` has committed. */
@Injectable()
export class RefundJobs {
  constructor(@InjectQueue(PAYMENTS_QUEUE) private readonly queue: Queue) {}

  async enqueue(orderId: string, attempt?: string): Promise<void> {
    await this.queue.add(RefundJob.Execute, { orderId } satisfies ExecuteRefundJob, {
      // A fresh id for a sweep's retry: the first job may sit in the failed set.
      jobId: attempt ? `${executeRefundJobId(orderId)}:${attempt}` : executeRefundJobId(orderId),
    });
  }

  /**
   * Queues the order's refund once the transaction that put it in `refund_pending` commits (the
   * refund sweep finds the order if the enqueue is lost).
   */
  async enqueueAfterCommit(manager: EntityManager, orderId: string): Promise<void> {
    await afterCommit(manager, 'enqueue refund', () => this.enqueue(orderId));
  }

  /** The repeatable refund sweep; registering it on another timing replaces it. */
  async scheduleSweep(timing: SweepTiming): Promise<void> {
    await registerSweep(this.queue, RefundJob.Sweep, SWEEP_REFUNDS_JOB_ID, timing);
  }
}
