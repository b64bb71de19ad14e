import {
  DropNotFoundError,
  type DropState,
  publicDropState,
  type ReleaseMode,
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

interface LineRow {
  state: DropState;
  release_mode: ReleaseMode;
  early_access_starts_at: Date | null;
  variant_id: string | null;
  quantity_allocated: number | null;
  held: number | null;
  sold: number | null;
}

/** A drop's counters as the public sees them, from `drop_lines` (the truth). */
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
    // One query on the drop's primary key and drop_lines' (drop_id, variant_id) unique index.
    const rows = await this.dataSource.query<LineRow[]>(
      `SELECT d.state, d.release_mode, d.early_access_starts_at, l.variant_id, l.quantity_allocated, l.held, l.sold
         FROM drops d
         LEFT JOIN drop_lines l ON l.drop_id = d.id
        WHERE d.id = $1
        ORDER BY l.created_at, l.id`,
      [dropId],
    );
    if (rows.length === 0 || !VISIBLE_DROP_STATES.includes(rows[0].state)) return null;
    const lines = rows.flatMap((row) =>
      row.variant_id === null
        ? []
        : [
            lineCounters(
              row.variant_id,
              Number(row.quantity_allocated),
              Number(row.held),
              Number(row.sold),
            ),
          ],
    );
    const [drop] = rows;
    const state = publicDropState({
      state: drop.state,
      releaseMode: drop.release_mode,
      earlyAccessStartsAt: drop.early_access_starts_at
        ? new Date(drop.early_access_starts_at)
        : null,
    });
    return { dropId, state: state ?? 'scheduled', seq, lines };
  }
}
