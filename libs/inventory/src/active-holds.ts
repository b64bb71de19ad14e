import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** The ids of the drop's active holds, in no particular order. */
export async function readActiveHoldIds(
  on: EntityManager | DataSource,
  dropId: string,
): Promise<string[]> {
  const found = await rows<{ id: string }>(
    on,
    `SELECT id FROM holds WHERE drop_id = $1 AND status = 'active'`,
    [dropId],
  );
  return found.map((row) => row.id);
}
