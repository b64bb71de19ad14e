import { HoldExpiryGuard, type ProviderReach } from '@limited-run/checkout';
import {
  type DropReconciliation,
  type ExpireHoldJob,
  HoldEndings,
  HoldJob,
  HOLDS_QUEUE,
  Reconciliation,
} from '@limited-run/inventory';
import { PlatformConfig, REDIS, takeLease } from '@limited-run/platform';
import { Inject } from '@nestjs/common';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import type Redis from 'ioredis';
import { DriftAnomalies } from '../drift-anomalies';

/** Thrown so Bull retries an expiry that fired a moment before the database says it is due. */
class HoldNotDueYetError extends Error {}

/**
 * The sweep's lease: its budget (`HOLD_SWEEP_BUDGET_SECONDS`, at most 60 s: after it a sweep
 * takes no more holds) plus one hold's worst case (Stripe's timeout and its retries).
 */
const SWEEP_LEASE_MS = 120_000;

export type SweepOutcome =
  { expired: number; kept: number; deferred: number } | { skipped: 'another sweep is running' };

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
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: PlatformConfig,
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

  /**
   * One sweep at a time across every worker. The sweep repeats every few seconds and Bull queues
   * the next one as soon as one starts; a pass over many due holds that each wait on Stripe
   * outlasts that, and overlapping passes (walking the same holds) took every consumer of this
   * queue in every worker, so reconciliation and the holds' own expiry jobs waited behind them
   * (docs/chaos.md, "Sweeps took turns"). A sweep that finds another running returns at once.
   */
  @Process(HoldJob.Sweep)
  async sweep(): Promise<SweepOutcome> {
    const lease = await takeLease(this.redis, 'holds:sweep-lease', SWEEP_LEASE_MS);
    if (!lease) return { skipped: 'another sweep is running' };
    try {
      // The monotonic clock: a step of the wall clock neither cuts the budget nor stretches it.
      const budgetMs = this.config.get('HOLD_SWEEP_BUDGET_SECONDS') * 1000;
      return await this.sweepDue(performance.now() + budgetMs);
    } finally {
      await lease.release();
    }
  }

  /**
   * Ends the due holds in `HOLD_SWEEP_CONCURRENCY` lanes: one sweep at a time must still keep up
   * with holds falling due, and most of a hold's time is spent waiting on Stripe. A lane starts
   * no hold after the deadline; what is left is the next sweep's.
   */
  /** `deadline` is on `performance.now()`'s clock. */
  private async sweepDue(deadline: number): Promise<SweepOutcome> {
    const due = await this.endings.dueForExpiry();
    const reach: ProviderReach = { unreachable: false };
    const done = { expired: 0, kept: 0 };
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < due.length && performance.now() <= deadline) {
        const holdId = due[next++];
        if ((await this.checkout.beforeExpire(holdId, reach)) === 'keep') done.kept += 1;
        else if ((await this.endings.expire(holdId)) === 'expired') done.expired += 1;
      }
    };
    const lanes = Math.min(this.config.get('HOLD_SWEEP_CONCURRENCY'), due.length);
    // Every lane ends before the lease is released; the first failure then fails the job.
    const ended = await Promise.allSettled(Array.from({ length: lanes }, lane));
    const failed = ended.find((lane) => lane.status === 'rejected');
    if (failed) throw failed.reason;
    return { ...done, deferred: due.length - next };
  }

  @Process(HoldJob.Reconcile)
  async reconcile(): Promise<DropReconciliation[]> {
    const reports = await this.reconciliation.reconcileLiveDrops();
    await this.driftAnomalies.report(reports);
    return reports;
  }
}
