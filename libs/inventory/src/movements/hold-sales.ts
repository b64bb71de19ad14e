import { EditionLedger, sellHeldUnits } from '@limited-run/drops';
import { recordMovement } from '@limited-run/ledger';
import { afterCommit, rows } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Hold } from '../hold.entity';
import { toHold } from '../hold-rows';
import { requestHashOf } from '../idempotency-key';
import { HoldNotActiveError, HoldNotFoundError } from '../inventory.errors';
import { InventoryMirror } from './inventory-mirror';
import { movementOfHold } from './movement-of-hold';
import { writeSingleHold } from './single-hold-writer';

export interface DirectSale {
  dropId: string;
  variantId: string;
  userId: string;
  quantity: number;
  /** Deterministic (e.g. from the payment), so a retried sale finds the first one. */
  key: string;
  reason: string;
}

/** Units sold, from a paid hold or (a payment that came late) without one: checkout's settlement. */
@Injectable()
export class HoldSales {
  constructor(
    private readonly ledger: EditionLedger,
    private readonly mirror: InventoryMirror,
  ) {}

  /**
   * Turns an active hold into a sale (paid), in the caller's transaction; the gate and the live
   * feed follow once it commits.
   */
  async convert(manager: EntityManager, holdId: string, reason: string): Promise<Hold> {
    const [hold] = await rows<Record<string, unknown>>(
      manager,
      `UPDATE holds SET status = 'converted', ended_at = now()
        WHERE id = $1 AND status = 'active' RETURNING *`,
      [holdId],
    );
    if (!hold) {
      const current = await manager.getRepository(Hold).findOneBy({ id: holdId });
      if (!current) throw new HoldNotFoundError();
      throw new HoldNotActiveError(current.status);
    }
    const converted = toHold(hold);
    await sellHeldUnits(manager, converted, converted.quantity);
    await recordMovement(manager, movementOfHold(converted, 'sell', converted.userId, reason));
    await this.ledger.followStock(manager, converted.dropId, { actorUserId: null, reason });
    await afterCommit(manager, 'mirror a sold hold', () =>
      this.mirror.taken({ kind: 'converted', hold: converted }),
    );
    return converted;
  }

  /**
   * Sells free units to a fan whose hold already ended (a payment that arrived late), in the
   * caller's transaction; throws SOLD_OUT if none are free. The sale is recorded as a hold in
   * state `converted`, so every sale has one; the gate and the live feed follow once it commits.
   */
  async sellWithoutHold(manager: EntityManager, sale: DirectSale): Promise<Hold> {
    const existing = await manager.getRepository(Hold).findOneBy({
      userId: sale.userId,
      dropId: sale.dropId,
      idempotencyKey: sale.key,
    });
    if (existing?.status === 'converted') return existing;
    const { hold } = await writeSingleHold(manager, {
      ...sale,
      holdSeconds: 0,
      // The fan paid within their limit when they held; a late payment is not a new purchase.
      perCustomerLimit: null,
      idempotencyKey: sale.key,
      requestHash: requestHashOf({ sale: sale.key }),
      liveStates: ['live', 'closed', 'sold_out'],
      status: 'converted',
      movement: 'sell',
    });
    await this.ledger.followStock(manager, sale.dropId, { actorUserId: null, reason: sale.reason });
    await afterCommit(manager, 'mirror a direct sale', () =>
      this.mirror.taken({ kind: 'sold_directly', hold }),
    );
    return hold;
  }
}
