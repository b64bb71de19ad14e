import {
  entriesStillOpen,
  FairnessService,
  VariantNotInDropError,
  WaitlistScheduler,
} from '@limited-run/admission';
import { readVariantLabels } from '@limited-run/catalog';
import {
  DropNotFoundError,
  type DropTerms,
  isLineOf,
  lineStock,
  readDropNames,
  readDropTerms,
  VISIBLE_DROP_STATES,
} from '@limited-run/drops';
import { readHoldStates } from '@limited-run/inventory';
import { rows } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { RaffleEntryStatus } from './raffle-entry.entity';
import {
  AlreadyEnteredError,
  NotARaffleError,
  NotEnteredError,
  RaffleClosedError,
} from './raffles.errors';

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

/** One of a fan's raffle entries, for their account page (`GET /me/raffle-entries`). */
export interface FanRaffleEntryRow {
  entryId: string;
  dropId: string;
  dropName: string;
  variantId: string;
  /** The item and variant entered for. */
  wanted: string;
  status: RaffleEntryStatus;
  rank: number | null;
  holdId: string | null;
  enteredAt: Date;
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
      const [entry] = await rows<Omit<EntryRow, 'hold_expires_at'>>(
        manager,
        `SELECT id, variant_id, status, rank, created_at, hold_id
           FROM raffle_entries WHERE drop_id = $1 AND user_id = $2 AND status <> 'withdrawn'`,
        [dropId, userId],
      );
      if (!entry) throw new NotEnteredError();
      const hold = entry.hold_id
        ? (await readHoldStates(manager, [entry.hold_id])).get(entry.hold_id)
        : undefined;
      return this.view(manager, drop, { ...entry, hold_expires_at: hold?.expiresAt ?? null });
    });
  }

  /** The fan's raffle entries and their results, newest first (the latest 100). */
  async mine(userId: string): Promise<FanRaffleEntryRow[]> {
    const entries = await rows<Omit<FanRaffleEntryRow, 'dropName' | 'wanted'>>(
      this.dataSource,
      `SELECT id AS "entryId", drop_id AS "dropId", variant_id AS "variantId", status, rank,
              hold_id AS "holdId", created_at AS "enteredAt"
         FROM raffle_entries
        WHERE user_id = $1
        ORDER BY created_at DESC, id
        LIMIT 100`,
      [userId],
    );
    const names = await readDropNames(
      this.dataSource,
      entries.map((entry) => entry.dropId),
    );
    const variants = await readVariantLabels(
      this.dataSource,
      entries.map((entry) => entry.variantId),
    );
    // An entry's drop and line cannot go away while it exists (their foreign keys cascade).
    return entries.flatMap((entry) => {
      const dropName = names.get(entry.dropId);
      const variant = variants.get(entry.variantId);
      if (dropName === undefined || !variant) return [];
      return [
        {
          entryId: entry.entryId,
          dropId: entry.dropId,
          dropName,
          variantId: entry.variantId,
          wanted: `${variant.itemTitle} — ${variant.label}`,
          status: entry.status,
          rank: entry.rank,
          holdId: entry.holdId,
          enteredAt: entry.enteredAt,
        },
      ];
    });
  }

  /** Public: how many entries compete for how many units. */
  async odds(dropId: string): Promise<RaffleOddsView> {
    return this.dataSource.transaction(async (manager) =>
      this.oddsOf(manager, await this.raffleDrop(manager, dropId)),
    );
  }

  /** A visible raffle drop still taking entries, locked against the draw for this transaction. */
  private async openRaffle(manager: EntityManager, dropId: string): Promise<DropTerms> {
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

  private async raffleDrop(manager: EntityManager, dropId: string): Promise<DropTerms> {
    const drop = await readDropTerms(manager, dropId);
    if (!drop || !VISIBLE_DROP_STATES.includes(drop.state)) throw new DropNotFoundError();
    if (drop.releaseMode !== 'raffle') throw new NotARaffleError();
    return drop;
  }

  private async oddsOf(manager: EntityManager, drop: DropTerms): Promise<RaffleOddsView> {
    const lines = await lineStock(manager, drop.id, 'added');
    const counted = await rows<{ variant_id: string; entries: number }>(
      manager,
      `SELECT variant_id, count(*)::int AS entries FROM raffle_entries
        WHERE drop_id = $1 AND status NOT IN ('withdrawn', 'cancelled')
        GROUP BY variant_id`,
      [drop.id],
    );
    const entriesOf = new Map(counted.map((row) => [row.variant_id, row.entries]));
    const fairness = await this.fairness.drawnUnits(manager, drop.id);
    // Before the draw, what the draw will read (free units per line); after it, what it read.
    const drawnUnits = fairness.units;
    const variants: VariantOdds[] = lines.map((line) => {
      const units = Math.max(
        0,
        Number(drawnUnits ? (drawnUnits[line.variantId] ?? 0) : line.available),
      );
      const entries = entriesOf.get(line.variantId) ?? 0;
      return {
        variantId: line.variantId,
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
      drawnAt: fairness.drawnAt ? new Date(fairness.drawnAt).toISOString() : null,
    };
  }

  private async view(
    manager: EntityManager,
    drop: DropTerms,
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
