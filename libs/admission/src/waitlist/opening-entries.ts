import type { WaitlistOpening } from '@limited-run/drops';
import type { EntityManager } from 'typeorm';
import { rows } from '../sql';

/** A waiting fan whose drop opened for them, marked notified. */
export interface OpeningEntry {
  user_id: string;
  drop_id: string;
  early: boolean;
}

/**
 * Marks up to `batch` waiting entries of the opening drops notified (skipping rows another
 * sweep holds), in drop and position order: those who joined a waitlist-first drop before its
 * early access once it has begun, everyone who joined before the drop opened.
 */
export function markDueForOpening(
  manager: EntityManager,
  openings: WaitlistOpening[],
  batch: number,
): Promise<OpeningEntry[]> {
  return rows<OpeningEntry>(
    manager,
    `WITH d AS (
       SELECT * FROM unnest($2::uuid[], $3::text[], $4::boolean[], $5::timestamptz[],
                            $6::timestamptz[])
                  AS d(id, release_mode, early_access_open, early_access_starts_at, opened_at)
     ), due AS (
       SELECT w.id, (d.release_mode = 'waitlist_first' AND w.created_at < d.early_access_starts_at) AS early
         FROM waitlist_entries w JOIN d ON d.id = w.drop_id
        WHERE w.status = 'waiting' AND w.notified_at IS NULL
          AND (
            (d.early_access_open AND w.created_at < d.early_access_starts_at)
            OR w.created_at < d.opened_at
          )
        ORDER BY w.drop_id, w.position
        LIMIT $1
        FOR UPDATE OF w SKIP LOCKED)
     UPDATE waitlist_entries w SET notified_at = now()
       FROM due
      WHERE w.id = due.id
     RETURNING w.user_id, w.drop_id, due.early`,
    [
      batch,
      openings.map((drop) => drop.id),
      openings.map((drop) => drop.releaseMode),
      openings.map((drop) => drop.earlyAccessOpen),
      openings.map((drop) => drop.earlyAccessStartsAt),
      openings.map((drop) => drop.openedAt),
    ],
  );
}
