import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { CollectiveRef } from './collective-access';

/**
 * The collectives that exist among `collectiveIds`, by id (unknown ids are left out): the
 * collectives library's reader of `collectives` for libraries that name a collective beside
 * their own rows (orders, certificates).
 */
export async function readCollectiveRefs(
  on: EntityManager | DataSource,
  collectiveIds: readonly string[],
): Promise<Map<string, CollectiveRef>> {
  if (collectiveIds.length === 0) return new Map();
  const found = await rows<CollectiveRef>(
    on,
    `SELECT id, slug, name FROM collectives WHERE id = ANY($1::uuid[])`,
    [[...new Set(collectiveIds)]],
  );
  return new Map(found.map((row) => [row.id, { id: row.id, slug: row.slug, name: row.name }]));
}

/** The collective with this slug, or null (a public filter names no collective that way). */
export async function readCollectiveRefBySlug(
  on: EntityManager | DataSource,
  slug: string,
): Promise<CollectiveRef | null> {
  const [row] = await rows<CollectiveRef>(
    on,
    `SELECT id, slug, name FROM collectives WHERE slug = $1`,
    [slug],
  );
  return row ? { id: row.id, slug: row.slug, name: row.name } : null;
}
