import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** A drop's units summed over its lines: allocated to it, held now, sold. */
export interface LineTotals {
  allocated: number;
  held: number;
  sold: number;
}

/** The sums over the drop's lines (zeros for a drop without lines). */
export async function readLineTotals(
  on: EntityManager | DataSource,
  dropId: string,
): Promise<LineTotals> {
  const [row] = await rows<LineTotals>(
    on,
    `SELECT coalesce(sum(quantity_allocated), 0)::int AS allocated,
            coalesce(sum(held), 0)::int AS held, coalesce(sum(sold), 0)::int AS sold
       FROM drop_lines WHERE drop_id = $1`,
    [dropId],
  );
  return row;
}
