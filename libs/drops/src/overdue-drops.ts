import { type IdCondition, rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** A drop still live past its end. */
export interface OverdueDrop {
  id: string;
  collectiveId: string;
  name: string;
  endsAt: Date;
}

/**
 * At most `limit` live drops whose end passed more than `graceSeconds` ago by the database's
 * clock (the worker should have ended them) and whose id meets `onlyIf` (the anomaly watch: not
 * raised yet), in no particular order; one statement.
 */
export async function readLiveDropsPastEnd(
  on: EntityManager | DataSource,
  filter: { graceSeconds: number; onlyIf: IdCondition; limit: number },
): Promise<OverdueDrop[]> {
  const found = await rows<{ id: string; collective_id: string; name: string; ends_at: Date }>(
    on,
    `SELECT d.id, d.collective_id, d.name, d.ends_at FROM drops d
      WHERE d.state = 'live' AND d.ends_at < now() - make_interval(secs => $1)
        AND ${filter.onlyIf('d.id')} LIMIT $2`,
    [filter.graceSeconds, filter.limit],
  );
  return found.map((d) => ({
    id: d.id,
    collectiveId: d.collective_id,
    name: d.name,
    endsAt: d.ends_at,
  }));
}
