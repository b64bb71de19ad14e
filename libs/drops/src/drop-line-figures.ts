import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** A line's units: allocated to the drop, held now, sold (the truth gate's counters). */
export interface DropLineFigures {
  dropId: string;
  variantId: string;
  allocated: number;
  held: number;
  sold: number;
}

/** The lines of the drops among `dropIds`, by drop then variant id. */
export async function readDropLineFigures(
  on: EntityManager | DataSource,
  dropIds: readonly string[],
): Promise<DropLineFigures[]> {
  if (dropIds.length === 0) return [];
  const found = await rows<{
    drop_id: string;
    variant_id: string;
    quantity_allocated: number;
    held: number;
    sold: number;
  }>(
    on,
    `SELECT drop_id, variant_id, quantity_allocated, held, sold
       FROM drop_lines WHERE drop_id = ANY($1::uuid[]) ORDER BY drop_id, variant_id`,
    [[...dropIds]],
  );
  return found.map((l) => ({
    dropId: l.drop_id,
    variantId: l.variant_id,
    allocated: l.quantity_allocated,
    held: l.held,
    sold: l.sold,
  }));
}
