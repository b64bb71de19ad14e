import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { serialLabel } from '../serials/serial-label';
import type { OrderView } from './order-views';

export const PAID_ORDERS_CSV_COLUMNS = [
  'order_id',
  'created_at',
  'paid_at',
  'buyer_email',
  'buyer_name',
  'item',
  'sku',
  'variant',
  'quantity',
  'serials',
  'unit_price_minor',
  'amount_minor',
  'currency',
] as const;

/**
 * A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in some, a tab or a
 * carriage return) as a formula; buyer names and titles are typed by strangers, so such a cell
 * is prefixed with an apostrophe, which spreadsheets show as text (OWASP "CSV injection").
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvRow(order: OrderView): Array<string | number> {
  const text = (value: string) => neutraliseFormula(value);
  return [
    order.id,
    new Date(order.createdAt).toISOString(),
    order.paidAt ? new Date(order.paidAt).toISOString() : '',
    text(order.buyer.email),
    text(order.buyer.displayName),
    text(order.item.title),
    text(order.variant.sku),
    text(order.variant.label),
    order.quantity,
    order.serials.map((s) => serialLabel(s)).join('; '),
    order.unitPriceMinor,
    order.amountMinor,
    order.currency,
  ];
}

/** Streams orders as RFC 4180 CSV (header first, CRLF, quotes where a cell needs them). */
export function paidOrdersCsv(orders: AsyncIterable<OrderView>): Readable {
  const rows = Readable.from(
    (async function* () {
      for await (const order of orders) yield csvRow(order);
    })(),
  );
  const csv = stringify({
    header: true,
    columns: [...PAID_ORDERS_CSV_COLUMNS],
    record_delimiter: 'windows',
  });
  // A failed read destroys the output too, so the client sees a cut response, never a short file
  // that looks complete.
  pipeline(rows, csv, () => undefined);
  return csv;
}
