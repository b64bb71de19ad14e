import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../orders/paid-orders-csv';
import { addressLines, type PackingGroup } from './packing-list';

const text = (value: string | null | undefined): string => neutraliseFormula(value ?? '');

export const PACKING_CSV_COLUMNS = [
  'sku',
  'item',
  'variant',
  'serials',
  'quantity',
  'order_id',
  'ship_to_name',
  'line1',
  'line2',
  'postal_code',
  'city',
  'state',
  'country',
  'shipping_rate',
  'fulfilment',
  'expected_ship_date',
] as const;

/** One row per parcel, grouped by variant and edition number (RFC 4180, CRLF). */
export function packingListCsv(groups: PackingGroup[]): string {
  const records = groups.flatMap((group) =>
    group.rows.map((row) => [
      text(row.sku),
      text(row.itemTitle),
      text(row.variantLabel),
      row.serials.join('; '),
      row.quantity,
      row.orderId,
      text(row.shipTo?.name ?? row.buyerName),
      text(row.shipTo?.line1),
      text(row.shipTo?.line2),
      text(row.shipTo?.postalCode),
      text(row.shipTo?.city),
      text(row.shipTo?.state),
      text(row.shipTo?.country),
      text(row.rateName),
      row.fulfilmentStatus,
      row.expectedShipDate ?? '',
    ]),
  );
  return stringify(records, {
    header: true,
    columns: [...PACKING_CSV_COLUMNS],
    record_delimiter: 'windows',
  });
}

export const LABEL_CSV_COLUMNS = ['order_id', 'address', 'contents'] as const;

/** One label per parcel: the address (lines joined by newlines) and what goes in it. */
export function addressLabelsCsv(groups: PackingGroup[]): string {
  const records = groups.flatMap((group) =>
    group.rows.map((row) => [
      row.orderId,
      addressLines(row).map(text).join('\n'),
      text(contentsOf(row.sku, row.quantity, row.serials)),
    ]),
  );
  return stringify(records, {
    header: true,
    columns: [...LABEL_CSV_COLUMNS],
    record_delimiter: 'windows',
  });
}

/** "NS-LP-RED × 2 (#17 of 250, #18 of 250)" */
export function contentsOf(sku: string, quantity: number, serials: string[]): string {
  return `${sku} × ${quantity}${serials.length ? ` (${serials.join(', ')})` : ''}`;
}
