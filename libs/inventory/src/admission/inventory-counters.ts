import { readDropLineCounts } from '@limited-run/drops';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, In, MoreThan } from 'typeorm';
import { Hold } from '../hold.entity';
import { holdView } from '../hold-view';
import { CounterFeed } from '../live/counter-feed';
import { type LineCounters, lineCounters } from '../live/line-counters';
import { AdmissionGate, type GateSnapshot } from './admission-gate';

const REBUILD_LOCK_MS = 10_000;
const WAIT_STEP_MS = 25;
/** Idempotent answers live a day in the gate; a rebuild restores the ones still that young. */
const ANSWERS_KEPT_MS = 86_400_000;

/** Units left per variant id: the gate's `available`, and what reconciliation compares. */
const availableByVariant = (lines: readonly LineCounters[]): Record<string, number> =>
  Object.fromEntries(lines.map((l) => [l.variantId, l.available]));

/**
 * Rebuilds a drop's admission counters from Postgres: per variant `allocated − held − sold`,
 * per fan their units. Runs when a request finds the gate cold (first request after opening,
 * after a Redis restart or flush) and is idempotent; one process rebuilds, the others wait.
 *
 * A hold committed while the snapshot is read can leave the gate one unit too generous for a
 * moment: Postgres still refuses the extra request, and reconciliation trims the excess.
 *
 * Bounded work (docs/design.md, invariant 7): one rebuild per drop at a time, in this process (the
 * callers share one promise) and across processes (the Redis lock); its cost is the drop's
 * size (lines, fans with units, holds that still count), never the drop's history.
 */
@Injectable()
export class InventoryCounters {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gate: AdmissionGate,
    private readonly feed: CounterFeed,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(InventoryCounters.name);
  }

  private readonly inFlight = new Map<string, Promise<void>>();

  /** Rebuilds the drop's gate, or joins the rebuild this process already runs for it. */
  rebuild(dropId: string): Promise<void> {
    const running = this.inFlight.get(dropId);
    if (running) return running;
    const started = this.rebuildOnce(dropId).finally(() => this.inFlight.delete(dropId));
    this.inFlight.set(dropId, started);
    return started;
  }

  private async rebuildOnce(dropId: string): Promise<void> {
    if (!(await this.gate.lockRebuild(dropId, REBUILD_LOCK_MS))) {
      await this.waitUntilReady(dropId);
      return;
    }
    try {
      const { gate, lines } = await this.read(dropId);
      await this.gate.load(dropId, gate);
      this.logger.info({ dropId }, 'admission counters rebuilt from Postgres');
      // Redis may have lost the live feed's sequence too: every watcher gets the whole truth.
      await this.feed.publish(dropId, lines);
    } finally {
      await this.gate.unlockRebuild(dropId);
    }
  }

  /**
   * Units each variant has left in the truth (`allocated − held − sold`), by variant id: what
   * reconciliation compares with the gate. The lines only; a drop's fans can be a million rows.
   */
  async available(dropId: string): Promise<Record<string, number>> {
    return availableByVariant(await this.lines(dropId));
  }

  private async lines(dropId: string): Promise<LineCounters[]> {
    return (await readDropLineCounts(this.dataSource, dropId)).map((l) =>
      lineCounters(l.variantId, l.allocated, l.held, l.sold),
    );
  }

  /** What the gate should hold, read from the truth, with the fans' recent answers. */
  private async read(dropId: string): Promise<{ gate: GateSnapshot; lines: LineCounters[] }> {
    const lines = await this.lines(dropId);
    const fans = await this.dataSource.query<Array<{ user_id: string; units: number }>>(
      `SELECT user_id, units FROM drop_fan_units WHERE drop_id = $1 AND units > 0`,
      [dropId],
    );
    // Active and converted holds never outnumber the drop's allocated units.
    const holds = await this.dataSource.getRepository(Hold).find({
      where: {
        dropId,
        status: In(['active', 'converted']),
        createdAt: MoreThan(new Date(Date.now() - ANSWERS_KEPT_MS)),
      },
    });
    return {
      gate: {
        available: availableByVariant(lines),
        fans: Object.fromEntries(fans.map((f) => [f.user_id, Number(f.units)])),
        answers: holds.map((hold) => ({
          userId: hold.userId,
          key: hold.idempotencyKey,
          record: { requestHash: hold.requestHash, answer: holdView(hold) },
        })),
      },
      lines,
    };
  }

  private async waitUntilReady(dropId: string): Promise<void> {
    // The monotonic clock, as the lock's own PX is Redis's: a wall-clock step changes neither.
    const deadline = performance.now() + REBUILD_LOCK_MS;
    while (performance.now() < deadline) {
      if (await this.gate.isReady(dropId)) return;
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  }
}
