// Which fulfilment moves are allowed: only forward, and `delivered` only after `shipped` (the fan
// is mailed once, at `shipped`, with the tracking link). `returned` is recorded by the returns
// path, never by a fulfilment request.
import type { FulfilmentStatus } from '../orders/order.entity';

export type FulfilmentTarget = 'packed' | 'shipped' | 'delivered';
export const FULFILMENT_TARGETS: readonly FulfilmentTarget[] = ['packed', 'shipped', 'delivered'];

const FORWARD: Readonly<Record<FulfilmentStatus, readonly FulfilmentStatus[]>> = {
  unfulfilled: ['packed', 'shipped'],
  packed: ['shipped'],
  shipped: ['delivered', 'returned'],
  delivered: ['returned'],
  returned: [],
};

export interface TrackingInput {
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
}

export type FulfilmentDecision =
  | { kind: 'move' }
  /** Already there with the same tracking: a retried request, nothing to do. */
  | { kind: 'unchanged' }
  | { kind: 'refused'; message: string };

export function decideFulfilment(
  current: FulfilmentStatus,
  target: FulfilmentTarget,
  stored: TrackingInput,
  requested: TrackingInput,
): FulfilmentDecision {
  if (current === target) {
    const sameTracking =
      target !== 'shipped' ||
      (stored.trackingNumber === requested.trackingNumber &&
        (requested.carrier === null || stored.carrier === requested.carrier) &&
        (requested.trackingUrl === null || stored.trackingUrl === requested.trackingUrl));
    return sameTracking
      ? { kind: 'unchanged' }
      : { kind: 'refused', message: 'already shipped with other tracking' };
  }
  if (FORWARD[current].includes(target)) return { kind: 'move' };
  return { kind: 'refused', message: `a ${current} order cannot become ${target}` };
}
