import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * The raffle's entries per variant that still count (neither withdrawn nor cancelled), by
 * variant id; a variant nobody entered is absent.
 */
export async function readRaffleEntryCounts(
  on: EntityManager | DataSource,
  dropId: string,
): Promise<Map<string, number>> {
  const found = await rows<{ variant_id: string; entries: number }>(
    on,
    `SELECT variant_id, count(*)::int AS entries FROM raffle_entries
      WHERE drop_id = $1 AND status NOT IN ('withdrawn', 'cancelled') GROUP BY variant_id`,
    [dropId],
  );
  return new Map(found.map((r) => [r.variant_id, r.entries]));
}
