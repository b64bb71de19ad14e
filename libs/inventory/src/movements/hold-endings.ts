import {
  EditionLedger,
  giveBackHeldUnits,
  type LedgerCause,
  lockDropLines,
  readLineCounts,
} from '@limited-run/drops';
import { recordMovement } from '@limited-run/ledger';
import { afterCommit, rows } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { InventoryCounters } from '../admission/inventory-counters';
import { Hold } from '../hold.entity';
import { HoldExpiryScheduler } from '../hold-expiry.scheduler';
import { toHold } from '../hold-rows';
import { holdView, type HoldView } from '../hold-view';
import { HoldNotActiveError, HoldNotFoundError } from '../inventory.errors';
import { InventoryMirror } from './inventory-mirror';
import { movementOfHold } from './movement-of-hold';

type Ending = 'released' | 'expired';

/** Which active hold may end: the fan's own, or only one whose time is up. */
interface EndScope {
  userId?: string;
  dropId?: string;
  dueOnly?: boolean;
}

type Ended =
  { outcome: 'ended'; hold: Hold } | { outcome: 'not-ended'; hold: Hold } | { outcome: 'missing' };

/**
 * Holds that end without a sale (released by their fan, expired, released with their cancelled
 * drop), their units back on the line (or the edition, once the drop has ended) with a ledger
 * row each; the gate and the live feed follow once that commits.
 */
@Injectable()
export class HoldEndings {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: EditionLedger,
    private readonly mirror: InventoryMirror,
    private readonly expiries: HoldExpiryScheduler,
    private readonly counters: InventoryCounters,
  ) {}

  /** The fan gives their hold back early; its units are on sale again at once. */
  async release(userId: string, dropId: string, holdId: string): Promise<HoldView> {
    const ended = await this.dataSource.transaction((manager) =>
      this.end(manager, holdId, 'released', { userId, dropId }),
    );
    if (ended.outcome !== 'ended') {
      if (ended.outcome === 'missing') throw new HoldNotFoundError();
      throw new HoldNotActiveError(ended.hold.status);
    }
    await this.expiries.cancel(holdId);
    return holdView(ended.hold);
  }

  /**
   * Ends an active hold whose time is up (the worker's expiry job and sweep). `not-due` when
   * the database clock says it still has time; `ended` when it already ended otherwise.
   */
  async expire(holdId: string): Promise<'expired' | 'not-due' | 'ended' | 'missing'> {
    const ended = await this.dataSource.transaction((manager) =>
      this.end(manager, holdId, 'expired', { dueOnly: true }),
    );
    if (ended.outcome === 'missing') return 'missing';
    if (ended.outcome === 'not-ended') {
      return ended.hold.status === 'active' ? 'not-due' : 'ended';
    }
    return 'expired';
  }

  /** Active holds whose time is up, oldest first: the sweep's work list. */
  async dueForExpiry(limit = 500): Promise<string[]> {
    const due = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM holds WHERE status = 'active' AND expires_at <= now()
        ORDER BY expires_at LIMIT $1`,
      [limit],
    );
    return due.map((row) => row.id);
  }

  /**
   * Releases every active hold of a drop (it is being cancelled), in the caller's transaction,
   * with a `release` ledger row each. The caller has locked the drop row; the lines are locked
   * here, before the holds are read, so a hold committed while this waited is released too.
   * Once it commits, their expiry jobs go and the admission gate and live feed are rebuilt from
   * Postgres rather than moved hold by hold.
   */
  async releaseAllOfDrop(
    manager: EntityManager,
    dropId: string,
    cause: LedgerCause,
  ): Promise<Hold[]> {
    await lockDropLines(manager, dropId);
    const ended = (
      await rows<Record<string, unknown>>(
        manager,
        `UPDATE holds SET status = 'released', ended_at = now()
          WHERE drop_id = $1 AND status = 'active'
         RETURNING *`,
        [dropId],
      )
    ).map(toHold);
    for (const hold of ended) {
      await giveBackHeldUnits(manager, hold, hold.quantity);
      await this.takeFromFan(manager, hold);
      await recordMovement(
        manager,
        movementOfHold(hold, 'release', cause.actorUserId, cause.reason),
      );
    }
    await afterCommit(manager, 'rebuild the gate after a drop released its holds', async () => {
      for (const hold of ended) await this.expiries.cancel(hold.id);
      await this.counters.rebuild(dropId);
    });
    return ended;
  }

  /** Ends an active hold (released by its fan or expired) in its scope, if it may end now. */
  private async end(
    manager: EntityManager,
    holdId: string,
    to: Ending,
    scope: EndScope,
  ): Promise<Ended> {
    const [ended] = await rows<Record<string, unknown>>(
      manager,
      `UPDATE holds SET status = $2, ended_at = now()
        WHERE id = $1 AND status = 'active'
          AND ($3::uuid IS NULL OR user_id = $3::uuid)
          AND ($4::uuid IS NULL OR drop_id = $4::uuid)
          AND (NOT $5 OR expires_at <= now())
       RETURNING *`,
      [holdId, to, scope.userId ?? null, scope.dropId ?? null, scope.dueOnly ?? false],
    );
    if (!ended) {
      const current = await manager.getRepository(Hold).findOneBy({
        id: holdId,
        ...(scope.userId ? { userId: scope.userId } : {}),
        ...(scope.dropId ? { dropId: scope.dropId } : {}),
      });
      return current ? { outcome: 'not-ended', hold: current } : { outcome: 'missing' };
    }
    const hold = toHold(ended);
    await this.returnUnits(manager, hold, to);
    return { outcome: 'ended', hold };
  }

  /**
   * An ended hold's units back to the line, in one transaction with its ledger row; the gate
   * and the live feed follow once it commits.
   */
  private async returnUnits(manager: EntityManager, hold: Hold, to: Ending): Promise<void> {
    const line = await giveBackHeldUnits(manager, hold, hold.quantity);
    await this.takeFromFan(manager, hold);
    const cause: LedgerCause = {
      actorUserId: to === 'released' ? hold.userId : null,
      reason: to === 'released' ? 'released by the fan' : 'hold time ran out',
    };
    await recordMovement(
      manager,
      movementOfHold(
        hold,
        to === 'released' ? 'release' : 'expire',
        cause.actorUserId,
        cause.reason,
      ),
    );
    // A hold of a drop that ended meanwhile gives its units to the edition, not the line.
    if ((await this.ledger.followStock(manager, hold.dropId, cause)) === 'returned') {
      const after = await readLineCounts(manager, hold);
      await afterCommit(manager, 'mirror returned units', () => this.mirror.returned(hold, after));
      return;
    }
    await afterCommit(manager, 'mirror returned units', () => this.mirror.returned(hold, line));
  }

  /** The fan's units of the drop go down with the hold, so their limit counts them no more. */
  private async takeFromFan(manager: EntityManager, hold: Hold): Promise<void> {
    await rows(
      manager,
      `UPDATE drop_fan_units SET units = units - $3 WHERE drop_id = $1 AND user_id = $2`,
      [hold.dropId, hold.userId, hold.quantity],
    );
  }
}
