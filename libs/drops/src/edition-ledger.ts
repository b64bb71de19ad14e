import { EditionAllocator } from '@limited-run/catalog';
import { recordMovement } from '@limited-run/ledger';
import { rows } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { applyDropTransition } from './drop-lifecycle';
import type { DropState } from './drop.entity';

/** Units of one line given back to the variant's edition. */
export interface EditionReturn {
  variantId: string;
  quantity: number;
}

/** Who decided a movement and why, for the ledger row. */
export interface LedgerCause {
  actorUserId: string | null;
  reason: string;
}

/** Where the units of a drop went once they came back to its lines. */
export type StockOutcome = 'on-sale' | 'sold-out' | 'reopened' | 'returned' | 'finished';

/** States in which a drop sells nothing any more: its free units belong to the edition. */
export const ENDED_STATES: readonly DropState[] = ['closed', 'cancelled'];

interface FreeRow {
  variant_id: string;
  free: number;
}

/** A drop's state with its lines' units summed. */
interface DropStock {
  state: DropState;
  release_mode: string;
  over: boolean;
  free: number;
  held: number;
  returned: number;
}

/**
 * Edition accounting in one place (issue 11). Once a line exists, its units leave the drop only
 * through here: every unit of an edition is, at every moment, free to allocate, on sale in a
 * drop, held, sold, or back in the edition, and each return writes its ledger row. Runs in the
 * caller's transaction and reads the drop's state with a fresh statement *after* the caller
 * moved its line, so it sees a close or cancel that committed while it waited for the line.
 */
@Injectable()
export class EditionLedger {
  constructor(private readonly allocator: EditionAllocator) {}

  /**
   * Gives `quantity` free units of a line (neither held nor sold) back to its edition: the
   * line's allocation shrinks, the edition's `allocated` with it, and a `return` row joins the
   * ledger. False when the line has fewer free units than that.
   */
  async returnToEdition(
    manager: EntityManager,
    dropId: string,
    variantId: string,
    quantity: number,
    cause: LedgerCause,
  ): Promise<boolean> {
    if (quantity <= 0) return true;
    const moved = await rows<{ id: string }>(
      manager,
      `UPDATE drop_lines
          SET quantity_allocated = quantity_allocated - $3,
              returned_to_edition = returned_to_edition + $3, updated_at = now()
        WHERE drop_id = $1 AND variant_id = $2 AND held + sold + $3 <= quantity_allocated
       RETURNING id`,
      [dropId, variantId, quantity],
    );
    if (moved.length === 0) return false;
    await this.allocator.release(manager, variantId, quantity);
    await recordMovement(manager, {
      dropId,
      variantId,
      holdId: null,
      kind: 'return',
      quantity,
      actorUserId: cause.actorUserId,
      reason: cause.reason.slice(0, 200),
    });
    return true;
  }

  /**
   * Every free unit of the drop back to its edition, lines locked in variant order. Held units
   * are not free: they come back one hold at a time, through `followStock`, when their hold ends.
   */
  async returnLeftovers(
    manager: EntityManager,
    dropId: string,
    cause: LedgerCause,
  ): Promise<EditionReturn[]> {
    const free = await rows<FreeRow>(
      manager,
      `SELECT variant_id, quantity_allocated - held - sold AS free
         FROM drop_lines WHERE drop_id = $1 ORDER BY variant_id FOR UPDATE`,
      [dropId],
    );
    const returned: EditionReturn[] = [];
    for (const line of free) {
      const quantity = Number(line.free);
      if (quantity <= 0) continue;
      if (await this.returnToEdition(manager, dropId, line.variant_id, quantity, cause)) {
        returned.push({ variantId: line.variant_id, quantity });
      }
    }
    return returned;
  }

  /**
   * Call after units of a drop were sold or came back to its lines (a hold ended, a refund
   * returned units), in the same transaction. `sold_out ↔ live` follows the real stock, and
   * units of an ended drop go back to the edition:
   * - closed or cancelled: the free units return to the edition;
   * - sold out and units came back: on sale again (`live`), or, past its end, the drop closes
   *   and they return to the edition;
   * - live and everything sold (or given back): `sold_out` (`closed` if units went back).
   */
  async followStock(
    manager: EntityManager,
    dropId: string,
    cause: LedgerCause,
  ): Promise<StockOutcome> {
    // The drop's state and its lines' sums in one statement: this runs in every sale's and
    // every ending hold's transaction.
    const [drop] = await rows<DropStock>(
      manager,
      `SELECT d.state, d.release_mode, (d.ends_at IS NOT NULL AND d.ends_at <= now()) AS over,
              coalesce(sum(l.quantity_allocated - l.held - l.sold), 0)::int AS free,
              coalesce(sum(l.held), 0)::int AS held,
              coalesce(sum(l.returned_to_edition), 0)::int AS returned
         FROM drops d LEFT JOIN drop_lines l ON l.drop_id = d.id
        WHERE d.id = $1
        GROUP BY d.id`,
      [dropId],
    );
    if (!drop) return 'on-sale';
    if (ENDED_STATES.includes(drop.state)) {
      const returned = await this.returnLeftovers(manager, dropId, cause);
      return returned.length > 0 ? 'returned' : 'finished';
    }
    if (drop.state === 'sold_out' && drop.free > 0) {
      if (drop.over) {
        await applyDropTransition(manager, { dropId, from: 'sold_out', to: 'closed' });
        await this.returnLeftovers(manager, dropId, cause);
        return 'returned';
      }
      await applyDropTransition(manager, { dropId, from: 'sold_out', to: 'live' });
      return 'reopened';
    }
    if (drop.state === 'live' && drop.free === 0 && drop.held === 0) {
      await applyDropTransition(manager, {
        dropId,
        from: 'live',
        to: drop.returned > 0 ? 'closed' : 'sold_out',
      });
      return 'sold-out';
    }
    return 'on-sale';
  }
}
