import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * A variant as other contexts name it (orders, mails, certificates, checkout's payment page),
 * with its item: catalog's reader of `variants` and `items` for libraries above it, so they do
 * not join its tables. Takes the caller's manager when the caller is in a transaction.
 */
export interface VariantLabel {
  id: string;
  sku: string;
  label: string;
  /** Whether its units carry edition numbers (1..`editionSize`). */
  numbered: boolean;
  editionSize: number;
  collectiveId: string;
  itemId: string;
  itemTitle: string;
  itemKind: string;
  /** `YYYY-MM-DD`: a pre-release item, not shippable before. */
  itemExpectedShipDate: string | null;
}

interface LabelRow {
  id: string;
  sku: string;
  label: string;
  numbered: boolean;
  edition_size: number;
  collective_id: string;
  item_id: string;
  item_title: string;
  item_kind: string;
  item_expected_ship_date: string | null;
}

/**
 * The variants that exist among `variantIds`, by id (unknown ids are left out), the map in SKU
 * order as the database's collation sorts them.
 */
export async function readVariantLabels(
  on: EntityManager | DataSource,
  variantIds: readonly string[],
): Promise<Map<string, VariantLabel>> {
  if (variantIds.length === 0) return new Map();
  const found = await rows<LabelRow>(
    on,
    `SELECT v.id, v.sku, v.label, v.numbered, v.edition_size, v.collective_id,
            i.id AS item_id, i.title AS item_title, i.kind AS item_kind,
            to_char(i.expected_ship_date, 'YYYY-MM-DD') AS item_expected_ship_date
       FROM variants v JOIN items i ON i.id = v.item_id
      WHERE v.id = ANY($1::uuid[])
      ORDER BY v.sku`,
    [[...new Set(variantIds)]],
  );
  return new Map(
    found.map((row) => [
      row.id,
      {
        id: row.id,
        sku: row.sku,
        label: row.label,
        numbered: row.numbered,
        editionSize: row.edition_size,
        collectiveId: row.collective_id,
        itemId: row.item_id,
        itemTitle: row.item_title,
        itemKind: row.item_kind,
        itemExpectedShipDate: row.item_expected_ship_date,
      },
    ]),
  );
}
