import type { PublicDropState } from '@limited-run/drops';

/** One drop line's counters as fans see them; `available = allocated − held − sold`. */
export interface LineCounters {
  variantId: string;
  allocated: number;
  held: number;
  sold: number;
  available: number;
}

/**
 * One published change: the counters of the lines it touched (absolute values, not deltas),
 * numbered per drop. `seq` is also the event's SSE `id`, which a client sends back as
 * `Last-Event-ID` to resume.
 */
export interface CounterEvent {
  dropId: string;
  seq: number;
  lines: LineCounters[];
}

/**
 * A change of the drop's public state, numbered in the same sequence as the counters so a
 * resuming client gets both in order. Sent as the SSE event `state`.
 */
export interface StateEvent {
  dropId: string;
  seq: number;
  state: PublicDropState;
  at: string;
}

/** Anything the drop's live stream carries. */
export type LiveEvent = CounterEvent | StateEvent;

export const isStateEvent = (event: LiveEvent): event is StateEvent => 'state' in event;

/**
 * Every line of a drop from Postgres. `seq` is the drop's sequence read just before the
 * counters were, so the view already reflects every event up to `seq`; events after it may
 * or may not be reflected, and replaying them over it is harmless because they carry
 * absolute values.
 */
export interface AvailabilityView {
  dropId: string;
  state: PublicDropState;
  seq: number;
  lines: LineCounters[];
}

/** The line from the raw counters; available is derived, never stored. */
export function lineCounters(
  variantId: string,
  allocated: number,
  held: number,
  sold: number,
): LineCounters {
  return { variantId, allocated, held, sold, available: allocated - held - sold };
}
