import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** A variant's current price: what scheduling a drop freezes onto its line. */
export interface VariantPrice {
  variantId: string;
  /** Integer minor units of `currency`. */
  priceMinor: number;
  currency: string;
}

/** The current prices of the variants that exist among `variantIds` (unknown ids are left out). */
export async function readVariantPrices(
  on: EntityManager | DataSource,
  variantIds: readonly string[],
): Promise<VariantPrice[]> {
  if (variantIds.length === 0) return [];
  const found = await rows<{ id: string; price_minor: number; currency: string }>(
    on,
    `SELECT id, price_minor, currency FROM variants WHERE id = ANY($1::uuid[])`,
    [[...new Set(variantIds)]],
  );
  return found.map((row) => ({
    variantId: row.id,
    priceMinor: row.price_minor,
    currency: row.currency,
  }));
}
