import { rows } from '@limited-run/platform';
import type { EntityManager } from 'typeorm';

/** What one line of a drop sells at, and who sells it: what checkout copies into an order. */
export interface LinePrice {
  dropId: string;
  variantId: string;
  collectiveId: string;
  /** Null on a line not yet priced (a live drop's lines always are). */
  priceMinor: number | null;
  currency: string | null;
}

/** The line's frozen price with its drop's collective, in the caller's transaction, or null. */
export async function readLinePrice(
  manager: EntityManager,
  dropId: string,
  variantId: string,
): Promise<LinePrice | null> {
  const [row] = await rows<{
    collective_id: string;
    price_minor: number | null;
    currency: string | null;
  }>(
    manager,
    `SELECT d.collective_id, l.price_minor, l.currency
       FROM drop_lines l JOIN drops d ON d.id = l.drop_id
      WHERE l.drop_id = $1 AND l.variant_id = $2`,
    [dropId, variantId],
  );
  if (!row) return null;
  return {
    dropId,
    variantId,
    collectiveId: row.collective_id,
    priceMinor: row.price_minor,
    currency: row.currency,
  };
}
