import type { AvailabilityView, CounterEvent } from './line-counters';
import { LiveSession, type SessionSources, type SseOutput } from './live-session';
import { countersFrame, parseLastEventId } from './sse-frames';

const DROP = 'a6f3c1de-0000-4000-8000-000000000001';
const VARIANT = 'a6f3c1de-0000-4000-8000-0000000000v1';

const event = (seq: number, held = seq): CounterEvent => ({
  dropId: DROP,
  seq,
  lines: [{ variantId: VARIANT, allocated: 100, held, sold: 0, available: 100 - held }],
});

const view = (seq: number): AvailabilityView => ({
  dropId: DROP,
  state: 'live',
  seq,
  lines: [{ variantId: VARIANT, allocated: 100, held: seq, sold: 0, available: 100 - seq }],
});

class FakeOutput implements SseOutput {
  chunks: string[] = [];
  writableLength = 0;
  writableEnded = false;
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  end(): void {
    this.writableEnded = true;
  }
  /** `snapshot#4`, `counters#5`: what the client received, in order, heartbeats and retry aside. */
  get received(): string[] {
    return this.chunks
      .filter((c) => c.startsWith('id: '))
      .map((c) => {
        const [, id, type] = /^id: (\d+)\nevent: (\w+)\n/.exec(c) ?? [];
        return `${type}#${id}`;
      });
  }
}

/** A drop's event stream holding `kept` (consecutive, newest `current`) and its truth. */
function sources(opts: { kept: number[]; current: number }) {
  const calls: Array<[number, number | undefined]> = [];
  const src: SessionSources & { calls: typeof calls } = {
    calls,
    warn: jest.fn(),
    history: {
      since: (_drop: string, after: number, until?: number) => {
        calls.push([after, until]);
        const held = opts.kept.filter((s) => s <= (until ?? Infinity));
        const anchored = after === 0 ? held[0] === 1 || opts.current === 0 : held.includes(after);
        if (!anchored && !(held.length === 0 && opts.current === after)) {
          return Promise.resolve(null);
        }
        return Promise.resolve(held.filter((s) => s > after).map((s) => event(s)));
      },
    },
    availability: { fresh: () => Promise.resolve(view(opts.current)) },
  };
  return src;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function session(src: SessionSources) {
  const onClose = jest.fn();
  const stop = jest.fn();
  const live = new LiveSession(DROP, src, onClose);
  live.attach(stop);
  return { live, onClose, stop, out: new FakeOutput() };
}

const deliver = (live: LiveSession, seq: number) =>
  live.onEvent(event(seq), countersFrame(seq, JSON.stringify(event(seq))));

describe('LiveSession', () => {
  afterEach(() => jest.useRealTimers());

  it('starts with the snapshot, then sends only the queued events newer than it, in order', async () => {
    const src = sources({ kept: [1, 2, 3, 4, 5, 6], current: 6 });
    const { live, out } = session(src);
    // Published while the snapshot was being read: 3 and 4 are already in it.
    for (const seq of [3, 4, 5, 6]) deliver(live, seq);
    live.start(out, view(4), undefined, 60_000);
    await settle();
    expect(out.chunks[0]).toBe('retry: 3000\n\n');
    expect(out.received).toEqual(['snapshot#4', 'counters#5', 'counters#6']);
    live.close();
  });

  it('fills a gap from the history before sending the event after it', async () => {
    const drop = { kept: [1, 2], current: 2 };
    const src = sources(drop);
    const { live, out } = session(src);
    live.start(out, view(2), undefined, 60_000);
    await settle();
    Object.assign(drop, { kept: [1, 2, 3, 4, 5, 6, 7], current: 7 });
    src.calls.length = 0;
    // The subscriber missed 3-5 (a Redis reconnect) and hears 6 next.
    deliver(live, 3);
    deliver(live, 6);
    deliver(live, 7);
    await settle();
    expect(out.received).toEqual([
      'snapshot#2',
      'counters#3',
      'counters#4',
      'counters#5',
      'counters#6',
      'counters#7',
    ]);
    expect(src.calls).toEqual([[3, 5]]);
    live.close();
  });

  it('sends a fresh snapshot when the history no longer covers a gap', async () => {
    const drop = { kept: [1], current: 1 };
    const { live, out } = session(sources(drop));
    live.start(out, view(1), undefined, 60_000);
    await settle();
    // 2-9 were trimmed away while the subscriber was cut off.
    Object.assign(drop, { kept: [10, 11, 12], current: 12 });
    deliver(live, 12);
    await settle();
    // The snapshot (read after 12 was published) already covers it.
    expect(out.received).toEqual(['snapshot#1', 'snapshot#12']);
    live.close();
  });

  it('resumes after Last-Event-ID with exactly the missed events, or a snapshot if trimmed', async () => {
    const kept = sources({ kept: [4, 5, 6, 7], current: 7 });
    const resumed = session(kept);
    resumed.live.start(resumed.out, view(7), 4, 60_000);
    deliver(resumed.live, 7); // heard live as well: sent once
    await settle();
    expect(resumed.out.received).toEqual(['counters#5', 'counters#6', 'counters#7']);
    resumed.live.close();

    const trimmed = sources({ kept: [6, 7], current: 7 });
    const late = session(trimmed);
    late.live.start(late.out, view(7), 2, 60_000);
    await settle();
    expect(late.out.received).toEqual(['snapshot#7']);
    late.live.close();
  });

  it('starts over with a snapshot when the drop numbering restarts at 1', async () => {
    const src = sources({ kept: [1, 2, 3, 4], current: 4 });
    const { live, out } = session(src);
    live.start(out, view(4), undefined, 60_000);
    await settle();
    // Redis lost the drop's keys; the next change is numbered 1 again.
    const restarted = sources({ kept: [1], current: 1 });
    src.availability = restarted.availability;
    src.history = restarted.history;
    deliver(live, 1);
    deliver(live, 2);
    await settle();
    expect(out.received).toEqual(['snapshot#4', 'snapshot#1', 'counters#2']);
    live.close();
  });

  it('beats while idle, and on close stops beating, unsubscribes and ends the response once', () => {
    jest.useFakeTimers();
    const { live, out, stop, onClose } = session(sources({ kept: [], current: 0 }));
    live.start(out, view(0), undefined, 1000);
    jest.advanceTimersByTime(3000);
    expect(out.chunks.filter((c) => c === ': heartbeat\n\n')).toHaveLength(3);
    live.close();
    live.close();
    jest.advanceTimersByTime(3000);
    expect(out.chunks.filter((c) => c === ': heartbeat\n\n')).toHaveLength(3);
    expect(stop).toHaveBeenCalledTimes(1);
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(out.writableEnded).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('cuts off a client that stopped reading instead of buffering without end', async () => {
    const { live, out, onClose } = session(sources({ kept: [1], current: 1 }));
    live.start(out, view(0), undefined, 60_000);
    await settle();
    out.writableLength = 2 * 1024 * 1024;
    deliver(live, 2);
    await settle();
    expect(onClose).toHaveBeenCalled();
    expect(out.writableEnded).toBe(true);
  });

  it('does not start a session whose client left while it was being set up', () => {
    const { live, out, stop } = session(sources({ kept: [], current: 0 }));
    live.close();
    live.start(out, view(0), undefined, 1000);
    expect(out.chunks).toEqual([]);
    expect(stop).toHaveBeenCalledTimes(1);
  });
});

describe('parseLastEventId', () => {
  it('accepts the sequence numbers we issue and nothing else', () => {
    expect(parseLastEventId('42')).toBe(42);
    expect(parseLastEventId(' 0 ')).toBe(0);
    expect(parseLastEventId(['7', '8'])).toBe(7);
    for (const bad of [undefined, '', '-1', '1.5', 'abc', '1e3', '9'.repeat(16)]) {
      expect(parseLastEventId(bad)).toBeUndefined();
    }
  });
});
