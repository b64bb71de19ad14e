import { DropNotFoundError, VISIBLE_DROP_STATES } from '@limited-run/drops';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { type DropFacts, isLineOf, readDrop } from '../drop-facts';
import { entriesStillOpen, FairnessService } from '../fairness/fairness.service';
import { rows } from '../sql';
import {
  AlreadyEnteredError,
  NotARaffleError,
  NotEnteredError,
  RaffleClosedError,
  VariantNotInDropError,
} from '../waitlist.errors';
import { WaitlistScheduler } from '../waitlist-scheduler';
import type { RaffleEntryStatus } from './raffle-entry.entity';

/** One variant's odds: entries that chose it compete only for its units. */
export interface VariantOdds {
  variantId: string;
  /** The units the draw gives away for it: what the line has free, or what was drawn. */
  units: number;
  entries: number;
  /** units ÷ entries, capped at 1; 1 with no entries. */
  odds: number;
}

/** A drop's public odds, per variant, from the same numbers the draw uses. */
export interface RaffleOddsView {
  dropId: string;
  entries: number;
  units: number;
  /** The share of entries that win: Σ min(units, entries) over variants ÷ entries (1 with none). */
  odds: number;
  variants: VariantOdds[];
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
    if (!drop || !VISIBLE_DROP_STATES.includes(drop.state)) throw new DropNotFoundError();
    if (drop.releaseMode !== 'raffle') throw new NotARaffleError();
    return drop;
  }

  private async oddsOf(manager: EntityManager, drop: DropFacts): Promise<RaffleOddsView> {
    const lines = await rows<{
      variant_id: string;
      free: number;
      entries: number;
    }>(
      manager,
      `SELECT l.variant_id, l.quantity_allocated - l.held - l.sold AS free,
              (SELECT count(*)::int FROM raffle_entries e
                WHERE e.drop_id = l.drop_id AND e.variant_id = l.variant_id
                  AND e.status NOT IN ('withdrawn', 'cancelled')) AS entries
         FROM drop_lines l WHERE l.drop_id = $1 ORDER BY l.created_at, l.id`,
      [drop.id],
    );
    const [fairness] = await rows<{ drawn_at: Date | null; units: Record<string, number> | null }>(
      manager,
      `SELECT drawn_at, result -> 'units' AS units FROM drop_fairness WHERE drop_id = $1`,
      [drop.id],
    );
    // Before the draw, what the draw will read (free units per line); after it, what it read.
    const drawnUnits = fairness?.units ?? null;
    const variants: VariantOdds[] = lines.map((line) => {
      const units = Math.max(
        0,
        Number(drawnUnits ? (drawnUnits[line.variant_id] ?? 0) : line.free),
      );
      const entries = Number(line.entries);
      return {
        variantId: line.variant_id,
        units,
        entries,
        odds: entries === 0 ? 1 : Math.min(1, units / entries),
      };
    });
    const entries = variants.reduce((n, v) => n + v.entries, 0);
    const winners = variants.reduce((n, v) => n + Math.min(v.units, v.entries), 0);
    return {
      dropId: drop.id,
      entries,
      units: variants.reduce((n, v) => n + v.units, 0),
      odds: entries === 0 ? 1 : winners / entries,
      variants,
      entryClosesAt: (drop.entryClosesAt ?? drop.startsAt).toISOString(),
      drawnAt: fairness?.drawn_at ? new Date(fairness.drawn_at).toISOString() : null,
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
