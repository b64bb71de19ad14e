import { type LineCounts, readLineCounts } from '@limited-run/drops';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AdmissionGate } from '../admission/admission-gate';
import type { Hold } from '../hold.entity';
import { HoldExpiryScheduler } from '../hold-expiry.scheduler';
import { CounterFeed } from '../live/counter-feed';
import { lineCounters } from '../live/line-counters';

/** What happened in Postgres, to mirror in Redis and the live feed once it has committed. */
export type InventoryChange =
  | { kind: 'granted'; hold: Hold }
  | { kind: 'converted'; hold: Hold }
  | { kind: 'sold_directly'; hold: Hold };

/** Units of a fan's that went back on sale. */
export type ReturnedToSale = Pick<Hold, 'dropId' | 'variantId' | 'userId' | 'quantity'>;

/**
 * Follows committed unit movements outside Postgres: the admission gate's counters, the hold's
 * expiry job and the live feed. Called from after-commit steps only; all of it is a cache of
 * Postgres, so a failure is logged by the step and repaired by reconciliation and the sweeps.
 */
@Injectable()
export class InventoryMirror {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gate: AdmissionGate,
    private readonly expiries: HoldExpiryScheduler,
    private readonly feed: CounterFeed,
  ) {}

  /** Units taken (granted, sold directly) or moved from held to sold (converted). */
  async taken(change: InventoryChange): Promise<void> {
    const { hold } = change;
    if (change.kind !== 'converted') {
      await this.gate.unitsTaken(hold.dropId, hold.userId, hold.variantId, hold.quantity);
    }
    if (change.kind === 'granted') await this.expiries.schedule(hold);
    const line = await readLineCounts(this.dataSource, hold);
    if (line) await this.publish(hold.dropId, hold.variantId, line);
  }

  /** Units back on sale; the feed shows `line`, or the line as it is now when not given. */
  async returned(units: ReturnedToSale, line?: LineCounts): Promise<void> {
    await this.gate.unitsReturned(units.dropId, units.userId, units.variantId, units.quantity);
    const shown = line ?? (await readLineCounts(this.dataSource, units));
    if (shown) await this.publish(units.dropId, units.variantId, shown);
  }

  /** Never fails the movement it reports (CounterFeed logs and settles instead). */
  async publish(dropId: string, variantId: string, line: LineCounts): Promise<void> {
    await this.feed.publish(dropId, [
      lineCounters(variantId, line.allocated, line.held, line.sold),
    ]);
  }
}
