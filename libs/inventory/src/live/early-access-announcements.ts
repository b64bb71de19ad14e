import { dropsInEarlyAccess } from '@limited-run/drops';
import { REDIS } from '@limited-run/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { CounterFeed } from './counter-feed';
import { liveKeys } from './live-keys';

/** Marks kept a week, like the drop's other live keys. */
const MARK_SECONDS = 7 * 24 * 3600;

/**
 * An early-access window opening is a change of the public state (`scheduled → early_access`)
 * that no stored transition makes: the clock does. The worker's drop sweep calls `announceDue`,
 * which publishes the `state` event once per drop (a Redis mark set only by the first caller,
 * so any number of workers announce it once).
 */
@Injectable()
export class EarlyAccessAnnouncements {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly feed: CounterFeed,
  ) {}

  async announceDue(limit = 100): Promise<number> {
    let announced = 0;
    for (const drop of await dropsInEarlyAccess(this.dataSource, limit)) {
      const first = await this.redis.set(
        `${liveKeys(drop.id).seq}:early-access`,
        '1',
        'EX',
        MARK_SECONDS,
        'NX',
      );
      if (first !== 'OK') continue;
      await this.feed.publishState(drop.id, 'early_access', drop.earlyAccessStartsAt);
      announced++;
    }
    return announced;
  }
}
