import { rows } from '@limited-run/platform';
import type { EntityManager } from 'typeorm';

/**
 * Up to 100 drops with a line of one of the variants, in the caller's transaction: what a
 * catalog deletion names when it refuses (catalog sits below drops, so its deletions are given
 * this reader by the routes above both).
 */
export async function readDropsUsingVariants(
  manager: EntityManager,
  variantIds: readonly string[],
): Promise<string[]> {
  if (variantIds.length === 0) return [];
  const found = await rows<{ drop_id: string }>(
    manager,
    `SELECT DISTINCT drop_id FROM drop_lines WHERE variant_id = ANY($1::uuid[]) LIMIT 100`,
    [variantIds],
  );
  return found.map((row) => row.drop_id);
}
