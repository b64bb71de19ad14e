import type { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * A fixed window per key, and a block once the window's limit is exceeded, as a Lua function so
 * that the throttler's own script and the hold route's one-round-trip script (libs/inventory,
 * `hold-attempt.ts`) count with the same code. Atomic inside whichever script calls it, so
 * concurrent requests on any number of API processes count exactly.
 * Arguments: hits key, block key, window ms, limit, block ms.
 * Returns hits, ms until the window ends, blocked (0/1), ms until the block ends.
 */
export const RATE_LIMIT_HIT_LUA = `
local function rateLimitHit(hitsKey, blockKey, windowMs, limit, blockMs)
  local blockLeft = redis.call('PTTL', blockKey)
  if blockLeft > 0 then
    local hits = tonumber(redis.call('GET', hitsKey) or '0')
    return { hits, math.max(redis.call('PTTL', hitsKey), 0), 1, blockLeft }
  end
  local hits = redis.call('INCR', hitsKey)
  local windowLeft = redis.call('PTTL', hitsKey)
  if windowLeft < 0 then
    redis.call('PEXPIRE', hitsKey, windowMs)
    windowLeft = tonumber(windowMs)
  end
  if hits <= tonumber(limit) then
    return { hits, windowLeft, 0, 0 }
  end
  blockMs = tonumber(blockMs)
  if blockMs <= 0 then
    return { hits, windowLeft, 1, windowLeft }
  end
  redis.call('SET', blockKey, '1', 'PX', blockMs)
  return { hits, windowLeft, 1, blockMs }
end
`;

/** KEYS: hits, block. ARGV: window ms, limit, block ms. */
const INCREMENT = `${RATE_LIMIT_HIT_LUA}
return rateLimitHit(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3])
`;

type RateLimitHit = (
  hitsKey: string,
  blockKey: string,
  windowMs: number,
  limit: number,
  blockMs: number,
) => Promise<[number, number, number, number]>;

/** Milliseconds as the whole seconds a client is told (at least 1). */
export const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/**
 * `ThrottlerStorage` on our shared ioredis connection (which adds `REDIS_PREFIX:` to keys).
 * Written here rather than taken from `@nest-lab/throttler-storage-redis`, whose peer range
 * stops at Nest 11.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly redis: Redis & { rateLimitHit: RateLimitHit };

  constructor(redis: Redis) {
    // A defined command runs by EVALSHA, sending the script body only when Redis lacks it.
    redis.defineCommand('rateLimitHit', { numberOfKeys: 2, lua: INCREMENT });
    this.redis = redis as Redis & { rateLimitHit: RateLimitHit };
  }

  /** `ttl` and `blockDuration` in ms, as ThrottlerGuard passes them; times returned in seconds. */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottlerStorageRecord> {
    const [hits, windowLeftMs, blocked, blockLeftMs] = await this.redis.rateLimitHit(
      key,
      rateLimitBlockKey(key),
      ttl,
      limit,
      blockDuration,
    );
    return {
      totalHits: hits,
      timeToExpire: seconds(windowLeftMs),
      isBlocked: blocked === 1,
      timeToBlockExpire: blocked === 1 ? seconds(blockLeftMs) : 0,
    };
  }
}

/** Where a limit's hits are counted: one budget per limit and client, shared by every route. */
export const rateLimitKey = (name: string, tracker: string): string =>
  `rate-limit:${name}:${tracker}`;

/** The block taken once a window's limit is exceeded. */
export const rateLimitBlockKey = (hitsKey: string): string => `${hitsKey}:blocked`;
