import { HoldExpiryGuard } from '@limited-run/checkout';
import {
  type DropReconciliation,
  type ExpireHoldJob,
  HoldEndings,
  HoldJob,
  HOLDS_QUEUE,
  Reconciliation,
} from '@limited-run/inventory';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { DriftAnomalies } from '../drift-anomalies';

/** Thrown so Bull retries an expiry that fired a moment before the database says it is due. */
class HoldNotDueYetError extends Error {}

/**
 * Ends holds whose time is up, by their own delayed job and by a sweep that catches any job
 * that was lost, and reconciles the admission counters of live drops with Postgres (both
 * repeatable jobs registered by `SafetyNets`).
 */
@Processor(HOLDS_QUEUE)
export class HoldExpiryProcessor {
  constructor(
    private readonly endings: HoldEndings,
    private readonly reconciliation: Reconciliation,
    private readonly checkout: HoldExpiryGuard,
    private readonly driftAnomalies: DriftAnomalies,
  ) {}

  @Process(HoldJob.Expire)
  async expire(job: Job<ExpireHoldJob>): Promise<string> {
    // Expire the Stripe session first: if the fan already paid, the payment decides and the
    // hold stays (the sweep looks again while it is kept).
    if ((await this.checkout.beforeExpire(job.data.holdId)) === 'keep') return 'kept-for-payment';
    const outcome = await this.endings.expire(job.data.holdId);
    if (outcome === 'not-due') throw new HoldNotDueYetError('the hold has time left; retrying');
    return outcome;
  }

  @Process(HoldJob.Sweep)
  async sweep(): Promise<{ expired: number }> {
    let expired = 0;
    for (const holdId of await this.endings.dueForExpiry()) {
      if ((await this.checkout.beforeExpire(holdId)) === 'keep') continue;
      if ((await this.endings.expire(holdId)) === 'expired') expired += 1;
    }
    return { expired };
  }

  @Process(HoldJob.Reconcile)
  async reconcile(): Promise<DropReconciliation[]> {
    const reports = await this.reconciliation.reconcileLiveDrops();
    await this.driftAnomalies.report(reports);
    return reports;
  }
}
