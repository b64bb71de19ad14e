import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** The names of the drops that exist among `dropIds`, by id (unknown ids are left out). */
export async function readDropNames(
  on: EntityManager | DataSource,
  dropIds: readonly string[],
): Promise<Map<string, string>> {
  if (dropIds.length === 0) return new Map();
  const found = await rows<{ id: string; name: string }>(
    on,
    `SELECT id, name FROM drops WHERE id = ANY($1::uuid[])`,
    [[...new Set(dropIds)]],
  );
  return new Map(found.map((row) => [row.id, row.name]));
}
