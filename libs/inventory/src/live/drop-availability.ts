import {
  DropNotFoundError,
  publicDropState,
  readDropCounters,
  VISIBLE_DROP_STATES,
} from '@limited-run/drops';
import { REDIS } from '@limited-run/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { type AvailabilityView, lineCounters } from './line-counters';
import { liveKeys } from './live-keys';

/**
 * How long a view may be served from Redis. At a drop's opening thousands of fans load the
 * page and open the stream in the same second; this turns them into a few Postgres reads a
 * second, and keeps what they see within half a second of the truth.
 */
export const AVAILABILITY_CACHE_MS = 500;

/** A drop's counters as the public sees them, from `drop_lines` (the truth, through drops' `readDropCounters`). */
@Injectable()
export class DropAvailability {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * The view, possibly up to `AVAILABILITY_CACHE_MS` old (a published change drops the cached
   * copy at once); null for unknown, draft and cancelled drops.
   */
  async get(dropId: string): Promise<AvailabilityView | null> {
    const keys = liveKeys(dropId);
    const [cached, seq] = await this.redis.mget(keys.availability, keys.seq);
    if (cached !== null) return JSON.parse(cached) as AvailabilityView | null;
    const view = await this.read(dropId, Number(seq ?? 0));
    await this.redis.set(keys.availability, JSON.stringify(view), 'PX', AVAILABILITY_CACHE_MS);
    return view;
  }

  /** As `get`, for a route: DROP_NOT_FOUND for unknown, draft and cancelled drops. */
  async require(dropId: string): Promise<AvailabilityView> {
    const view = await this.get(dropId);
    if (!view) throw new DropNotFoundError();
    return view;
  }

  /** The view straight from Postgres, never cached. */
  async fresh(dropId: string): Promise<AvailabilityView | null> {
    const seq = await this.redis.get(liveKeys(dropId).seq);
    return this.read(dropId, Number(seq ?? 0));
  }

  /** `seq` must have been read before the counters: the view then covers every event up to it. */
  private async read(dropId: string, seq: number): Promise<AvailabilityView | null> {
    const drop = await readDropCounters(this.dataSource, dropId);
    if (!drop || !VISIBLE_DROP_STATES.includes(drop.state)) return null;
    const lines = drop.lines.map((l) => lineCounters(l.variantId, l.allocated, l.held, l.sold));
    const state = publicDropState(drop);
    return { dropId, state: state ?? 'scheduled', seq, lines };
  }
}
