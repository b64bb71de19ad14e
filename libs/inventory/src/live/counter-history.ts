import { REDIS } from '@limited-run/platform';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import type { LiveEvent } from './line-counters';
import { liveKeys } from './live-keys';

type StreamEntry = [id: string, fields: string[]];

/** The event stored in a stream entry (field `e`), or undefined for an entry we did not write. */
function eventOf([, fields]: StreamEntry): LiveEvent | undefined {
  const at = fields.indexOf('e');
  return at >= 0 && at + 1 < fields.length ? (JSON.parse(fields[at + 1]) as LiveEvent) : undefined;
}

/** The drop's recent events, kept in a capped Redis stream for clients that reconnect. */
@Injectable()
export class CounterHistory {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /**
   * The events after `after`, up to `until` (inclusive) or the newest, in order. Null when the
   * stream no longer proves that nothing in between is missing (trimmed away, Redis lost the
   * drop's keys, or `after` is not a sequence number this drop has reached): the caller then
   * needs a fresh snapshot instead.
   */
  async since(dropId: string, after: number, until?: number): Promise<LiveEvent[] | null> {
    const keys = liveKeys(dropId);
    // Entry `after` itself is read as an anchor: if it is still there, so is everything after it.
    const start = after > 0 ? `${after}-0` : '-';
    const end = until === undefined ? '+' : `${until}-0`;
    const results = await this.redis.multi().xrange(keys.events, start, end).get(keys.seq).exec();
    if (!results || results.some(([error]) => error)) {
      throw results?.find(([error]) => error)?.[0] ?? new Error('Redis transaction aborted');
    }
    const entries = results[0][1] as StreamEntry[];
    const current = Number(results[1][1] ?? 0);
    const events = entries.map(eventOf).filter((e): e is LiveEvent => e !== undefined);

    if (events.length === 0) return current === after ? [] : null;
    const anchored = after === 0 ? events[0].seq === 1 : events[0].seq === after;
    if (!anchored) return null;
    const missed = events.filter((e) => e.seq > after);
    // Sequence numbers are consecutive; a hole means entries we cannot account for.
    if (missed.some((e, i) => e.seq !== after + i + 1)) return null;
    return missed;
  }
}
