import { Metrics, PlatformConfig } from '@limited-run/platform';
import { EarlyAccessPolicy } from '@limited-run/admission';
import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type GrantJob, type GrantOutcome, type Granted, writeGrants } from './hold-grant-writer';
import { DropNotFoundForHoldError, DropNotLiveError } from './inventory.errors';

interface Waiter {
  job: GrantJob;
  resolve: (granted: Granted) => void;
  reject: (error: unknown) => void;
}

/** The admitted requests of one drop (and one set of terms) waiting for their group commit. */
interface Lane {
  waiting: Waiter[];
  inFlight: number;
  timer?: NodeJS.Timeout;
}

/** Refusals that hold for every request of a batch (same drop, same terms): no split. */
const refusesTheWholeBatch = (error: unknown): boolean =>
  error instanceof DropNotLiveError || error instanceof DropNotFoundForHoldError;

/**
 * Group commit of admitted holds (docs/architecture.md, "The hot path"). Requests the Redis
 * gate admitted wait here a short window (`HOLD_GRANT_BATCH_WINDOW_MS`, or until
 * `HOLD_GRANT_BATCH_MAX` are waiting) and are written in one transaction per batch, so
 * Postgres commits once for many holds. Each waiter is answered only after its batch
 * committed, with its own hold or its own refusal.
 *
 * Postgres stays the truth: when it refuses a batch as a whole (a line cannot take the batch's
 * sum because the gate over-admitted, a deadlock, any error) the batch is split in two and each
 * half retried, down to single holds, whose error is then that fan's answer. So a fan is
 * refused only when their own hold, written alone, was refused.
 *
 * One request per fan per batch: a fan's second request waits for the next batch, so the
 * per-fan limit upsert touches each fan's row once and a key cannot meet itself in a batch.
 * Batching is per process; several API processes each batch their own requests.
 */
@Injectable()
export class HoldGrantBatcher {
  private readonly lanes = new Map<string, Lane>();
  /** Holds being written, by fan and key: a retry of one waits for its answer. */
  private readonly inFlight = new Map<string, Promise<Granted>>();
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private readonly batchesInFlight: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly earlyAccess: EarlyAccessPolicy,
    config: PlatformConfig,
    @Optional() private readonly metrics?: Metrics,
  ) {
    this.windowMs = config.get('HOLD_GRANT_BATCH_WINDOW_MS');
    this.maxBatch = config.get('HOLD_GRANT_BATCH_MAX');
    this.batchesInFlight = config.get('HOLD_GRANT_BATCHES_IN_FLIGHT');
  }

  /** Writes an admitted hold with the next batch; resolves once it committed. */
  grant(job: GrantJob): Promise<Granted> {
    const key = keyOf(job.dropId, job.userId, job.idempotencyKey);
    const granted = new Promise<Granted>((resolve, reject) => {
      const laneKey = laneOf(job);
      let lane = this.lanes.get(laneKey);
      if (!lane) {
        lane = { waiting: [], inFlight: 0 };
        this.lanes.set(laneKey, lane);
      }
      lane.waiting.push({ job, resolve, reject });
      this.schedule(laneKey, lane);
    });
    this.inFlight.set(key, granted);
    const forget = (): void => void this.inFlight.delete(key);
    granted.then(forget, forget);
    return granted;
  }

  /** The answer of a request with this key that this process is still writing, if any. */
  pending(dropId: string, userId: string, idempotencyKey: string): Promise<Granted> | undefined {
    return this.inFlight.get(keyOf(dropId, userId, idempotencyKey));
  }

  private schedule(laneKey: string, lane: Lane): void {
    if (lane.waiting.length === 0 || lane.inFlight >= this.batchesInFlight) return;
    if (lane.waiting.length >= this.maxBatch || this.windowMs === 0) {
      clearTimeout(lane.timer);
      lane.timer = undefined;
      void this.flush(laneKey, lane);
      return;
    }
    lane.timer ??= setTimeout(() => {
      lane.timer = undefined;
      void this.flush(laneKey, lane);
    }, this.windowMs);
  }

  private async flush(laneKey: string, lane: Lane): Promise<void> {
    const batch = this.nextBatch(lane);
    if (batch.length === 0) return;
    lane.inFlight += 1;
    try {
      await this.settle(batch);
    } finally {
      lane.inFlight -= 1;
      if (lane.waiting.length === 0 && lane.inFlight === 0 && !lane.timer) {
        this.lanes.delete(laneKey);
      } else if (lane.waiting.length > 0 && !lane.timer) {
        // Those that arrived meanwhile have waited a window already: write them now.
        void this.flush(laneKey, lane);
      }
    }
  }

  /** Up to `maxBatch` waiters in arrival order, one per fan; the others keep their place. */
  private nextBatch(lane: Lane): Waiter[] {
    const batch: Waiter[] = [];
    const rest: Waiter[] = [];
    const fans = new Set<string>();
    for (const waiter of lane.waiting) {
      if (batch.length < this.maxBatch && !fans.has(waiter.job.userId)) {
        fans.add(waiter.job.userId);
        batch.push(waiter);
      } else {
        rest.push(waiter);
      }
    }
    lane.waiting = rest;
    return batch;
  }

  /** Writes the batch in one transaction; when Postgres refuses it whole, each half alone. */
  private async settle(batch: Waiter[]): Promise<void> {
    this.metrics?.holdGrantBatchSize.observe(batch.length);
    let outcomes: GrantOutcome[];
    try {
      outcomes = await this.dataSource.transaction((manager) =>
        writeGrants(
          manager,
          this.earlyAccess,
          batch.map((waiter) => waiter.job),
        ),
      );
    } catch (error) {
      if (batch.length === 1 || refusesTheWholeBatch(error)) {
        for (const waiter of batch) waiter.reject(error);
        return;
      }
      this.metrics?.holdGrantBatchSplits.inc();
      const half = Math.ceil(batch.length / 2);
      await this.settle(batch.slice(0, half));
      await this.settle(batch.slice(half));
      return;
    }
    batch.forEach((waiter, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) waiter.resolve(outcome.granted);
      else waiter.reject(outcome.error);
    });
  }
}

const keyOf = (dropId: string, userId: string, idempotencyKey: string): string =>
  `${dropId}:${userId}:${idempotencyKey}`;

/** Requests batch together when they share the drop and the terms the batch writes once. */
const laneOf = (job: GrantJob): string =>
  [job.dropId, job.holdSeconds, job.perCustomerLimit, job.liveStates.join(',')].join('|');
