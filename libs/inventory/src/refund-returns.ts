import { EditionLedger } from '@limited-run/drops';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AdmissionGate } from './admission/admission-gate';
import { CounterFeed } from './live/counter-feed';
import { lineCounters } from './live/line-counters';
import { afterCommit, rows } from '@limited-run/platform';

/** Units of a refunded sale put back on sale (checkout, issue 6). */
export interface ReturnedUnits {
  dropId: string;
  variantId: string;
  userId: string;
  quantity: number;
  /** The hold that recorded the sale. */
  holdId: string;
  /** Who decided it (the collective member or admin who refunded); null for the platform. */
  actorUserId: string | null;
  reason: string;
}

interface LineRow {
  quantity_allocated: number;
  held: number;
  sold: number;
}

/**
 * Returns refunded units to their drop line (and on to the edition if the drop has ended):
 * `sold` goes down, the fan's units with it, and a `refund` row joins the ledger, in the
 * caller's transaction. Once that commits, the admission gate and the live feed follow.
 */
@Injectable()
export class RefundReturns {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gate: AdmissionGate,
    private readonly feed: CounterFeed,
    private readonly ledger: EditionLedger,
  ) {}

  async returnUnits(manager: EntityManager, units: ReturnedUnits): Promise<void> {
    const [line] = await rows<LineRow>(
      manager,
      `UPDATE drop_lines SET sold = sold - $3
        WHERE drop_id = $1 AND variant_id = $2 AND sold >= $3
       RETURNING quantity_allocated, held, sold`,
      [units.dropId, units.variantId, units.quantity],
    );
    if (!line) {
      throw new Error(
        `drop line ${units.dropId}/${units.variantId} has fewer than ${units.quantity} sold`,
      );
    }
    await rows(
      manager,
      `UPDATE drop_fan_units SET units = units - $3
        WHERE drop_id = $1 AND user_id = $2 AND units >= $3`,
      [units.dropId, units.userId, units.quantity],
    );
    await rows(
      manager,
      `INSERT INTO inventory_movements (drop_id, variant_id, hold_id, kind, quantity, actor_user_id, reason)
       VALUES ($1, $2, $3, 'refund', $4, $5, $6)`,
      [
        units.dropId,
        units.variantId,
        units.holdId,
        units.quantity,
        units.actorUserId,
        units.reason.slice(0, 200),
      ],
    );
    // Back on sale while the drop sells (a sold-out drop reopens), else back to the edition.
    await this.ledger.followStock(manager, units.dropId, {
      actorUserId: units.actorUserId,
      reason: units.reason,
    });
    await afterCommit(manager, 'mirror refunded units', () => this.mirror(units));
  }

  private async mirror(units: ReturnedUnits): Promise<void> {
    await this.gate.unitsReturned(units.dropId, units.userId, units.variantId, units.quantity);
    const [line] = await this.dataSource.query<LineRow[]>(
      `SELECT quantity_allocated, held, sold FROM drop_lines WHERE drop_id = $1 AND variant_id = $2`,
      [units.dropId, units.variantId],
    );
    if (line) {
      await this.feed.publish(units.dropId, [
        lineCounters(units.variantId, line.quantity_allocated, line.held, line.sold),
      ]);
    }
  }
}
