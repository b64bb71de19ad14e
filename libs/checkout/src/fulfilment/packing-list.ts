// A drop's packing list: every paid order still to be shipped or shipped, one parcel each,
// grouped by variant and, within a variant, by edition number, so numbered copies go into the
// right parcel. The CSV and the PDF are both made from these rows.
import type { OrderView } from '../orders/order-views';
import type { ShippingAddress } from '../orders/order.entity';

export interface PackingRow {
  orderId: string;
  itemTitle: string;
  sku: string;
  variantLabel: string;
  quantity: number;
  /** "#17 of 250"; empty for an unnumbered variant. */
  serials: string[];
  firstSerial: number | null;
  shipTo: ShippingAddress | null;
  buyerName: string;
  fulfilmentStatus: string;
  expectedShipDate: string | null;
  rateName: string | null;
}

export interface PackingGroup {
  sku: string;
  itemTitle: string;
  variantLabel: string;
  units: number;
  rows: PackingRow[];
}

export function packingRow(order: OrderView): PackingRow {
  return {
    orderId: order.id,
    itemTitle: order.item.title,
    sku: order.variant.sku,
    variantLabel: order.variant.label,
    quantity: order.quantity,
    serials: order.serials.map((s) => `#${s.serial} of ${s.editionSize}`),
    firstSerial: order.serials.at(0)?.serial ?? null,
    shipTo: order.shipping.address,
    buyerName: order.buyer.displayName,
    fulfilmentStatus: order.fulfilment.status,
    expectedShipDate: order.fulfilment.expectedShipDate,
    rateName: order.shipping.rateName,
  };
}

/** By variant (SKU), then edition number (unnumbered last), then order id. */
export function groupForPacking(rows: readonly PackingRow[]): PackingGroup[] {
  const groups = new Map<string, PackingGroup>();
  for (const row of rows) {
    const group = groups.get(row.sku) ?? {
      sku: row.sku,
      itemTitle: row.itemTitle,
      variantLabel: row.variantLabel,
      units: 0,
      rows: [],
    };
    group.units += row.quantity;
    group.rows.push(row);
    groups.set(row.sku, group);
  }
  const bySerial = (a: PackingRow, b: PackingRow): number =>
    (a.firstSerial ?? Number.MAX_SAFE_INTEGER) - (b.firstSerial ?? Number.MAX_SAFE_INTEGER) ||
    a.orderId.localeCompare(b.orderId);
  return [...groups.values()]
    .sort((a, b) => a.sku.localeCompare(b.sku))
    .map((group) => ({ ...group, rows: [...group.rows].sort(bySerial) }));
}

/** The address as label lines: name, street, postal code and city, region, country. */
export function addressLines(row: PackingRow): string[] {
  const to = row.shipTo;
  if (!to) return [row.buyerName, '(no address collected)'];
  return [
    to.name ?? row.buyerName,
    to.line1 ?? '',
    to.line2 ?? '',
    [to.postalCode, to.city].filter(Boolean).join(' '),
    to.state ?? '',
    to.country,
  ].filter((line) => line !== '');
}
