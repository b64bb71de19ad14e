import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** A drop still live past its end. */
export interface OverdueDrop {
  id: string;
  collectiveId: string;
  name: string;
  endsAt: Date;
}

/**
 * Live drops whose end passed more than `graceSeconds` ago by the database's clock (the worker
 * should have ended them), in no particular order.
 */
export async function readLiveDropsPastEnd(
  on: EntityManager | DataSource,
  graceSeconds: number,
): Promise<OverdueDrop[]> {
  const found = await rows<{ id: string; collective_id: string; name: string; ends_at: Date }>(
    on,
    `SELECT id, collective_id, name, ends_at FROM drops
      WHERE state = 'live' AND ends_at < now() - make_interval(secs => $1)`,
    [graceSeconds],
  );
  return found.map((d) => ({
    id: d.id,
    collectiveId: d.collective_id,
    name: d.name,
    endsAt: d.ends_at,
  }));
}
