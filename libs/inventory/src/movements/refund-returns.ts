import { EditionLedger, returnSoldUnits } from '@limited-run/drops';
import { recordMovement } from '@limited-run/ledger';
import { afterCommit, rows } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InventoryMirror } from './inventory-mirror';

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

/**
 * Returns refunded units to their drop line (and on to the edition if the drop has ended):
 * `sold` goes down, the fan's units with it, and a `refund` row joins the ledger, in the
 * caller's transaction. Once that commits, the admission gate and the live feed follow.
 */
@Injectable()
export class RefundReturns {
  constructor(
    private readonly ledger: EditionLedger,
    private readonly mirror: InventoryMirror,
  ) {}

  async returnUnits(manager: EntityManager, units: ReturnedUnits): Promise<void> {
    const line = await returnSoldUnits(manager, units, units.quantity);
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
    await recordMovement(manager, {
      dropId: units.dropId,
      variantId: units.variantId,
      holdId: units.holdId,
      kind: 'refund',
      quantity: units.quantity,
      actorUserId: units.actorUserId,
      // The ledger keeps 200 characters of a reason; a refund's may be a collective's own words.
      reason: units.reason.slice(0, 200),
    });
    // Back on sale while the drop sells (a sold-out drop reopens), else back to the edition.
    await this.ledger.followStock(manager, units.dropId, {
      actorUserId: units.actorUserId,
      reason: units.reason,
    });
    // The line as it is once committed, after the edition may have taken the units.
    await afterCommit(manager, 'mirror refunded units', () => this.mirror.returned(units));
  }
}
