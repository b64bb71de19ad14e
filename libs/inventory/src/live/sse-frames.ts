// The wire format of the live-counters stream (https://html.spec.whatwg.org/multipage/server-sent-events.html).
import { type AvailabilityView, isStateEvent, type LiveEvent } from './line-counters';

/** One published change; `data` is the event's JSON as published (it holds no newline). */
export const countersFrame = (seq: number, data: string): string =>
  `id: ${seq}\nevent: counters\ndata: ${data}\n\n`;

/** A public state change: `data` is `{dropId, state, at}` (the sequence is the frame's id). */
export const stateFrame = (
  seq: number,
  data: { dropId: string; state: string; at: string },
): string =>
  `id: ${seq}\nevent: state\ndata: ${JSON.stringify({ dropId: data.dropId, state: data.state, at: data.at })}\n\n`;

/** The frame of any event of the drop's stream; `raw` is its JSON as published, if at hand. */
export const eventFrame = (event: LiveEvent, raw?: string): string =>
  isStateEvent(event)
    ? stateFrame(event.seq, event)
    : countersFrame(event.seq, raw ?? JSON.stringify(event));

/** Every line's counters; its id lets a client resume after it like after any event. */
export const snapshotFrame = (view: AvailabilityView): string =>
  `id: ${view.seq}\nevent: snapshot\ndata: ${JSON.stringify({
    dropId: view.dropId,
    state: view.state,
    seq: view.seq,
    lines: view.lines,
  })}\n\n`;

/** A comment line: ignored by EventSource, but it keeps proxies from cutting an idle stream. */
export const HEARTBEAT_FRAME = ': heartbeat\n\n';

/** How long a browser waits before reconnecting after the stream drops. */
export const RETRY_FRAME = 'retry: 3000\n\n';

/** A `Last-Event-ID` we issued is a non-negative integer; anything else means "start over". */
export function parseLastEventId(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d{1,15}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
