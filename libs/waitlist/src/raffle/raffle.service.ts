import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { type DropFacts, isLineOf, PUBLIC_STATES, readDrop } from '../drop-facts';
import { entriesStillOpen, FairnessService } from '../fairness/fairness.service';
import { rows } from '../sql';
import {
  AlreadyEnteredError,
  NotARaffleError,
  NotEnteredError,
  RaffleClosedError,
  VariantNotInDropError,
  WaitlistDropNotFoundError,
} from '../waitlist.errors';
import { WaitlistScheduler } from '../waitlist-scheduler';
import type { RaffleEntryStatus } from './raffle-entry.entity';

/** A drop's public odds: units against entries. */
export interface RaffleOddsView {
  dropId: string;
  entries: number;
  units: number;
  /** Units per entry, capped at 1 (every entry wins a unit when there are enough). */
  odds: number;
  entryClosesAt: string;
  drawnAt: string | null;
}

export interface RaffleEntryView extends RaffleOddsView {
  entryId: string;
  variantId: string;
  status: RaffleEntryStatus;
  /** 1-based place in the drawn order; null before the draw. */
  rank: number | null;
  enteredAt: string;
  /** The hold won or offered: pay for it before `holdExpiresAt`. */
  holdId: string | null;
  holdExpiresAt: string | null;
}

interface EntryRow {
  id: string;
  variant_id: string;
  status: RaffleEntryStatus;
  rank: number | null;
  created_at: Date;
  hold_id: string | null;
  hold_expires_at: Date | null;
}

/** Raffle entries: one per fan per drop (the database says so), until the entry cutoff. */
@Injectable()
export class RaffleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fairness: FairnessService,
    private readonly scheduler: WaitlistScheduler,
  ) {}

  /**
   * Enters the fan for one variant. The drop's commitment is made first if it does not exist,
   * in this transaction, so every entry is made after the seed that orders it was fixed.
   */
  async enter(userId: string, dropId: string, variantId: string): Promise<RaffleEntryView> {
    const { view, drop } = await this.dataSource.transaction(async (manager) => {
      const drop = await this.openRaffle(manager, dropId);
      if (!(await isLineOf(manager, dropId, variantId))) throw new VariantNotInDropError();
      const [entry] = await rows<EntryRow>(
        manager,
        `INSERT INTO raffle_entries (drop_id, user_id, variant_id) VALUES ($1, $2, $3)
         ON CONFLICT (drop_id, user_id) DO UPDATE
           SET variant_id = EXCLUDED.variant_id, status = 'entered', created_at = now(), updated_at = now()
         WHERE raffle_entries.status = 'withdrawn'
         RETURNING id, variant_id, status, rank, created_at, hold_id, NULL::timestamptz AS hold_expires_at`,
        [dropId, userId, variantId],
      );
      if (!entry) throw new AlreadyEnteredError();
      return { view: await this.view(manager, drop, entry), drop };
    });
    if (drop.entryClosesAt) await this.scheduler.scheduleDraw(dropId, drop.entryClosesAt);
    return view;
  }

  /** Withdraws before the cutoff; entering again later is allowed (a fresh entry time). */
  async withdraw(userId: string, dropId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.openRaffle(manager, dropId);
      const done = await rows<{ id: string }>(
        manager,
        `UPDATE raffle_entries SET status = 'withdrawn', updated_at = now()
          WHERE drop_id = $1 AND user_id = $2 AND status = 'entered' RETURNING id`,
        [dropId, userId],
      );
      if (done.length === 0) throw new NotEnteredError();
    });
  }

  async me(userId: string, dropId: string): Promise<RaffleEntryView> {
    return this.dataSource.transaction(async (manager) => {
      const drop = await this.raffleDrop(manager, dropId);
      const [entry] = await rows<EntryRow>(
        manager,
        `SELECT e.id, e.variant_id, e.status, e.rank, e.created_at, e.hold_id,
                h.expires_at AS hold_expires_at
           FROM raffle_entries e LEFT JOIN holds h ON h.id = e.hold_id
          WHERE e.drop_id = $1 AND e.user_id = $2 AND e.status <> 'withdrawn'`,
        [dropId, userId],
      );
      if (!entry) throw new NotEnteredError();
      return this.view(manager, drop, entry);
    });
  }

  /** Public: how many entries compete for how many units. */
  async odds(dropId: string): Promise<RaffleOddsView> {
    return this.dataSource.transaction(async (manager) =>
      this.oddsOf(manager, await this.raffleDrop(manager, dropId)),
    );
  }

  /** A visible raffle drop still taking entries, locked against the draw for this transaction. */
  private async openRaffle(manager: EntityManager, dropId: string): Promise<DropFacts> {
    const drop = await this.raffleDrop(manager, dropId);
    if (!entriesStillOpen(drop)) {
      throw new RaffleClosedError(
        drop.state === 'scheduled' ? 'the entry window has ended' : `the drop is ${drop.state}`,
      );
    }
    await this.fairness.ensureCommitment(manager, dropId, 'raffle');
    const fairness = await this.fairness.lock(manager, dropId, 'share');
    if (fairness?.drawnAt) throw new RaffleClosedError('the raffle has been drawn');
    return drop;
  }

  private async raffleDrop(manager: EntityManager, dropId: string): Promise<DropFacts> {
    const drop = await readDrop(manager, dropId);
    if (!drop || !PUBLIC_STATES.includes(drop.state)) throw new WaitlistDropNotFoundError();
    if (drop.releaseMode !== 'raffle') throw new NotARaffleError();
    return drop;
  }

  private async oddsOf(manager: EntityManager, drop: DropFacts): Promise<RaffleOddsView> {
    const [counts] = await rows<{ entries: number; units: number; drawn_at: Date | null }>(
      manager,
      `SELECT (SELECT count(*)::int FROM raffle_entries
                WHERE drop_id = $1 AND status <> 'withdrawn') AS entries,
              (SELECT coalesce(sum(quantity_allocated), 0)::int FROM drop_lines
                WHERE drop_id = $1) AS units,
              (SELECT drawn_at FROM drop_fairness WHERE drop_id = $1) AS drawn_at`,
      [drop.id],
    );
    return {
      dropId: drop.id,
      entries: counts.entries,
      units: counts.units,
      odds: counts.entries === 0 ? 1 : Math.min(1, counts.units / counts.entries),
      entryClosesAt: (drop.entryClosesAt ?? drop.startsAt).toISOString(),
      drawnAt: counts.drawn_at ? new Date(counts.drawn_at).toISOString() : null,
    };
  }

  private async view(
    manager: EntityManager,
    drop: DropFacts,
    entry: EntryRow,
  ): Promise<RaffleEntryView> {
    return {
      ...(await this.oddsOf(manager, drop)),
      entryId: entry.id,
      variantId: entry.variant_id,
      status: entry.status,
      rank: entry.rank,
      enteredAt: new Date(entry.created_at).toISOString(),
      holdId: entry.hold_id,
      holdExpiresAt: entry.hold_expires_at ? new Date(entry.hold_expires_at).toISOString() : null,
    };
  }
}
