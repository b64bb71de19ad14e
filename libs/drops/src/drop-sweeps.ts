import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { DropState, ReleaseMode } from './drop.entity';

// The drops library's list readers for the sweeps of the contexts that sell drops (raffles'
// draws and pass-downs, second chance): which drops to look at, judged by the database clock.
// The consumer narrows the list by its own tables and applies its limit.

/** Raffles still on sale whose entry cutoff has passed, earliest cutoff first. */
export async function rafflesPastEntryCutoff(on: EntityManager | DataSource): Promise<string[]> {
  const found = await rows<{ id: string }>(
    on,
    `SELECT id FROM drops
      WHERE release_mode = 'raffle' AND state IN ('scheduled', 'live') AND entry_closes_at <= now()
      ORDER BY entry_closes_at`,
    [],
  );
  return found.map((row) => row.id);
}

/** A raffle still on sale, with what its lines have left to give. */
export interface RaffleOnSale {
  id: string;
  state: DropState;
  /** Some line has units neither held nor sold. */
  freeUnits: boolean;
  /** No line has a unit held or free: nothing is left to give. */
  nothingLeft: boolean;
}

/** Every raffle still on sale (scheduled or live), in no particular order. */
export async function rafflesOnSale(on: EntityManager | DataSource): Promise<RaffleOnSale[]> {
  const found = await rows<{
    id: string;
    state: DropState;
    free_units: boolean;
    nothing_left: boolean;
  }>(
    on,
    `SELECT d.id, d.state,
            EXISTS (SELECT 1 FROM drop_lines l
                     WHERE l.drop_id = d.id AND l.held + l.sold < l.quantity_allocated) AS free_units,
            NOT EXISTS (SELECT 1 FROM drop_lines l
                         WHERE l.drop_id = d.id
                           AND (l.held > 0 OR l.held + l.sold < l.quantity_allocated)) AS nothing_left
       FROM drops d
      WHERE d.release_mode = 'raffle' AND d.state IN ('scheduled', 'live')`,
    [],
  );
  return found.map((row) => ({
    id: row.id,
    state: row.state,
    freeUnits: row.free_units,
    nothingLeft: row.nothing_left,
  }));
}

/** Live drops (sold in one of `modes`, when given), in no particular order. */
export async function liveDropIds(
  on: EntityManager | DataSource,
  modes?: readonly ReleaseMode[],
): Promise<string[]> {
  const found = await rows<{ id: string }>(
    on,
    modes
      ? `SELECT id FROM drops WHERE state = 'live' AND release_mode = ANY($1::text[])`
      : `SELECT id FROM drops WHERE state = 'live'`,
    modes ? [[...modes]] : [],
  );
  return found.map((row) => row.id);
}

/**
 * Scheduled waitlist-first drops whose early access has begun by the database clock and whose
 * general opening has not, earliest window first: the public state moves to early access
 * without a stored transition, so someone has to announce it.
 */
export async function dropsInEarlyAccess(
  on: EntityManager | DataSource,
  limit: number,
): Promise<Array<{ id: string; earlyAccessStartsAt: Date }>> {
  const found = await rows<{ id: string; early_access_starts_at: Date }>(
    on,
    `SELECT id, early_access_starts_at FROM drops
      WHERE state = 'scheduled' AND release_mode = 'waitlist_first'
        AND early_access_starts_at <= now() AND starts_at > now()
      ORDER BY early_access_starts_at LIMIT $1`,
    [limit],
  );
  return found.map((row) => ({
    id: row.id,
    earlyAccessStartsAt: new Date(row.early_access_starts_at),
  }));
}

/** A timestamptz as ISO 8601 in UTC with its microseconds (null stays null). */
const EXACT = (column: string): string =>
  `to_char((${column}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A drop whose waitlist may be told it can buy now: early access has begun, or it is live. */
export interface WaitlistOpening {
  id: string;
  name: string;
  releaseMode: ReleaseMode;
  startsAt: Date;
  /** A `waitlist_first` drop still on sale whose early access has begun. */
  earlyAccessOpen: boolean;
  /**
   * When early access begins, to the microsecond (ISO 8601, UTC): the waitlist compares its
   * entries' join times with it in SQL, which a `Date` (milliseconds) would round.
   */
  earlyAccessStartsAt: string | null;
  /** When a live drop opened (its start if no opening was recorded), as exact; null unless live. */
  openedAt: string | null;
}

/**
 * Drops sold through a waitlist (`first_come`, `waitlist_first`) whose fans may be told they can
 * buy: early access has begun on a `waitlist_first` drop still on sale, or the drop is live.
 */
export async function waitlistOpenings(on: EntityManager | DataSource): Promise<WaitlistOpening[]> {
  const found = await rows<{
    id: string;
    name: string;
    release_mode: ReleaseMode;
    starts_at: Date;
    early_access_open: boolean;
    early_access_starts_at: string | null;
    opened_at: string | null;
  }>(
    on,
    `SELECT id, name, release_mode, starts_at, early_access_open,
            ${EXACT('early_access_starts_at')} AS early_access_starts_at,
            ${EXACT(`CASE WHEN state = 'live' THEN coalesce(opened_at, starts_at) END`)} AS opened_at
       FROM (SELECT *, coalesce(release_mode = 'waitlist_first' AND early_access_starts_at <= now()
                                AND state IN ('scheduled', 'live'), false) AS early_access_open
               FROM drops WHERE release_mode IN ('first_come', 'waitlist_first')) d
      WHERE early_access_open OR state = 'live'`,
    [],
  );
  return found.map((row) => ({
    id: row.id,
    name: row.name,
    releaseMode: row.release_mode,
    startsAt: new Date(row.starts_at),
    earlyAccessOpen: row.early_access_open,
    earlyAccessStartsAt: row.early_access_starts_at,
    openedAt: row.opened_at,
  }));
}
