import type { ConsoleOrder } from '../orders/order-hooks';
import { FULFILMENT_LABELS } from './fulfilment-hooks';

/**
 * Today as the API judges ship dates (the database's `current_date`, UTC): a pre-release order
 * whose expected ship date is after it cannot be shipped or delivered yet.
 */
const todayUtc = (): string => new Date().toISOString().slice(0, 10);

export function isWaitingForShipDate(order: Pick<ConsoleOrder, 'fulfilment'>): boolean {
  const { expectedShipDate, status } = order.fulfilment;
  return (
    expectedShipDate !== null &&
    expectedShipDate > todayUtc() &&
    (status === 'unfulfilled' || status === 'packed')
  );
}

/** "Packed; pre-release, ships from 2027-01-15" / "Shipped: CTT RR123…". */
export function fulfilmentText(order: Pick<ConsoleOrder, 'fulfilment'>): string {
  const f = order.fulfilment;
  const label = FULFILMENT_LABELS[f.status] ?? f.status;
  if (isWaitingForShipDate(order)) {
    return `${label}; pre-release, cannot ship before ${f.expectedShipDate}`;
  }
  if (f.trackingNumber && (f.status === 'shipped' || f.status === 'delivered')) {
    return `${label}: ${[f.carrier, f.trackingNumber].filter(Boolean).join(' ')}`;
  }
  return label;
}
