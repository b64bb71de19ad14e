import type { PublicDropState } from '@limited-run/drops';
import { PlatformConfig, REDIS } from '@limited-run/platform';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { DropAvailability } from './drop-availability';
import type { LineCounters } from './line-counters';
import { liveChannel, liveKeys } from './live-keys';

/** Events kept per drop for resuming clients (approximate trim, so at least this many). */
export const EVENTS_KEPT = 1000;
/** A drop's live keys outlive its last change by this long, then Redis forgets them. */
const RETENTION_MS = 7 * 24 * 3600 * 1000;
/** Delay before re-reading the truth after a publish (see `settle`). */
export const SETTLE_MS = 250;

/**
 * Numbers, stores and broadcasts one change in one step, so the sequence, the stream and the
 * channel agree on the order even with many publishers. The stream's entry ids are the
 * sequence numbers; if the sequence key was lost but the stream kept, numbering resumes after
 * the stream's last entry rather than going backwards.
 * KEYS: seq, events, shown, availability.
 * ARGV: channel, dropId (JSON), lines (JSON), kept, retention ms, expected seq or -1,
 *       then variantId, shown value pairs.
 * Returns the new sequence number, or 0 if the expected sequence no longer holds.
 */
const PUBLISH = `
if ARGV[6] ~= '-1' and tonumber(redis.call('GET', KEYS[1]) or '0') ~= tonumber(ARGV[6]) then
  return 0
end
local seq = redis.call('INCR', KEYS[1])
local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)[1]
if last then
  local lastSeq = tonumber(string.match(last[1], '^%d+'))
  if lastSeq >= seq then
    seq = lastSeq + 1
    redis.call('SET', KEYS[1], seq)
  end
end
local event = '{"dropId":' .. ARGV[2] .. ',"seq":' .. seq .. ',"lines":' .. ARGV[3] .. '}'
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], seq .. '-0', 'e', event)
for i = 7, #ARGV, 2 do
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
end
for i = 1, 3 do
  redis.call('PEXPIRE', KEYS[i], ARGV[5])
end
redis.call('DEL', KEYS[4])
redis.call('PUBLISH', ARGV[1], event)
return seq
`;

/**
 * A public state change, numbered in the same sequence as the counters (same steps as
 * PUBLISH); the cached availability view goes, since it carries the state.
 * KEYS: seq, events, availability. ARGV: channel, event body without its seq (JSON object text
 * after `{`), kept, retention ms.
 */
const PUBLISH_STATE = `
local seq = redis.call('INCR', KEYS[1])
local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)[1]
if last then
  local lastSeq = tonumber(string.match(last[1], '^%d+'))
  if lastSeq >= seq then
    seq = lastSeq + 1
    redis.call('SET', KEYS[1], seq)
  end
end
local event = '{"seq":' .. seq .. ',' .. ARGV[2]
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], seq .. '-0', 'e', event)
for i = 1, 2 do
  redis.call('PEXPIRE', KEYS[i], ARGV[4])
end
redis.call('DEL', KEYS[3])
redis.call('PUBLISH', ARGV[1], event)
return seq
`;

type PublishState = (
  seqKey: string,
  eventsKey: string,
  availabilityKey: string,
  ...args: Array<string | number>
) => Promise<number>;

type PublishCounters = (
  seqKey: string,
  eventsKey: string,
  shownKey: string,
  availabilityKey: string,
  ...args: Array<string | number>
) => Promise<number>;

/** How a line was last shown, compared with the truth by the settle pass. */
export const shownValue = (line: LineCounters): string =>
  `${line.allocated}:${line.held}:${line.sold}`;

/**
 * The live counters' publishing side: every committed movement of a drop's stock is published
 * here, and every API process relays it to its own stream clients (see `LiveStreams`).
 */
@Injectable()
export class CounterFeed implements OnApplicationShutdown {
  private readonly redis: Redis & { publishCounters: PublishCounters; publishState: PublishState };
  private readonly prefix: string;
  /** Pending settle passes of this process, one per drop at most. */
  private readonly settling = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    @Inject(REDIS) redis: Redis,
    config: PlatformConfig,
    private readonly availability: DropAvailability,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(CounterFeed.name);
    this.prefix = config.get('REDIS_PREFIX');
    // A defined command runs by EVALSHA, sending the script body only when Redis lacks it.
    redis.defineCommand('publishCounters', { numberOfKeys: 4, lua: PUBLISH });
    redis.defineCommand('publishState', { numberOfKeys: 3, lua: PUBLISH_STATE });
    this.redis = redis as Redis & { publishCounters: PublishCounters; publishState: PublishState };
  }

  /**
   * Publishes the counters of the lines a committed movement touched; call it after commit.
   * Returns the event's sequence number, or null if Redis refused: a live update lost must not
   * fail the sale that caused it, and the settle pass that follows every publish retries it.
   */
  async publish(dropId: string, lines: LineCounters[]): Promise<number | null> {
    if (lines.length === 0) return null;
    try {
      return await this.send(dropId, lines, -1);
    } catch (error) {
      this.logger.warn({ err: error, dropId }, 'live counters not published');
      return null;
    } finally {
      this.scheduleSettle(dropId);
    }
  }

  /**
   * Publishes a committed change of the drop's public state (the SSE event `state`); call it
   * after commit. Null if Redis refused: a stream that resumes or resyncs gets the state in its
   * snapshot.
   */
  async publishState(dropId: string, state: PublicDropState, at: Date): Promise<number | null> {
    const keys = liveKeys(dropId);
    const body = JSON.stringify({ dropId, state, at: at.toISOString() }).slice(1);
    try {
      return await this.redis.publishState(
        keys.seq,
        keys.events,
        keys.availability,
        liveChannel(this.prefix, dropId),
        body,
        EVENTS_KEPT,
        RETENTION_MS,
      );
    } catch (error) {
      this.logger.warn({ err: error, dropId, state }, 'drop state not published');
      return null;
    }
  }

  onApplicationShutdown(): void {
    this.closed = true;
    for (const timer of this.settling.values()) clearTimeout(timer);
    this.settling.clear();
  }

  private async send(dropId: string, lines: LineCounters[], expectedSeq: number): Promise<number> {
    const keys = liveKeys(dropId);
    const clean = lines.map(({ variantId, allocated, held, sold, available }) => ({
      variantId,
      allocated,
      held,
      sold,
      available,
    }));
    return this.redis.publishCounters(
      keys.seq,
      keys.events,
      keys.shown,
      keys.availability,
      liveChannel(this.prefix, dropId),
      JSON.stringify(dropId),
      JSON.stringify(clean),
      EVENTS_KEPT,
      RETENTION_MS,
      expectedSeq,
      ...clean.flatMap((line) => [line.variantId, shownValue(line)]),
    );
  }

  private scheduleSettle(dropId: string): void {
    if (this.closed || this.settling.has(dropId)) return;
    const timer = setTimeout(() => {
      this.settling.delete(dropId);
      this.settle(dropId).catch((error: unknown) =>
        this.logger.warn({ err: error, dropId }, 'live counters not settled'),
      );
    }, SETTLE_MS);
    timer.unref();
    this.settling.set(dropId, timer);
  }

  /**
   * Publishers compute their lines concurrently and may reach Redis in another order than
   * their commits reached Postgres, so the last event can show an older value than the
   * truth. Shortly after each publish this re-reads the truth and, if any line differs from
   * what was last shown, publishes it, but only if nobody published meanwhile (whose own
   * settle pass follows). So what fans see converges on `drop_lines` within a second.
   */
  private async settle(dropId: string): Promise<void> {
    const keys = liveKeys(dropId);
    const [seq, shown] = await Promise.all([
      this.redis.get(keys.seq),
      this.redis.hgetall(keys.shown),
    ]);
    const truth = await this.availability.fresh(dropId);
    if (!truth) return;
    // A line never published has not moved as far as any client knows.
    const changed = truth.lines.filter(
      (line) => (shown[line.variantId] ?? `${line.allocated}:0:0`) !== shownValue(line),
    );
    if (changed.length > 0) await this.send(dropId, changed, Number(seq ?? 0));
  }
}
