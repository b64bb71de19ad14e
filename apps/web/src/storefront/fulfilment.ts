import { formatDay, isLaterDay } from '../lib/format';
import type { Order } from './hooks/orders';

type Fulfilment = Order['fulfilment'];

export const FULFILMENT_LABELS: Record<Fulfilment['status'], string> = {
  unfulfilled: 'Not shipped yet',
  packed: 'Packed',
  shipped: 'Shipped',
  delivered: 'Delivered',
  returned: 'Returned',
};

/** Where the parcel is, in a few words: "Shipped", "Pre-release: ships from 15 Mar 2027". */
export function fulfilmentSummary(fulfilment: Fulfilment): string {
  if (fulfilment.status === 'unfulfilled' && isLaterDay(fulfilment.expectedShipDate)) {
    return `Pre-release: ships from ${formatDay(fulfilment.expectedShipDate)}`;
  }
  return FULFILMENT_LABELS[fulfilment.status];
}

/**
 * The carrier's tracking page, if it is a web address: the collective typed it, the API checked
 * it is http(s), and the page checks again before it becomes a link.
 */
export function trackingHref(fulfilment: Fulfilment): string | undefined {
  const url = fulfilment.trackingUrl;
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}
