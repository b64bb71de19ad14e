import type { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * A fixed window per key, and a block once the window's limit is exceeded, in one atomic
 * script so concurrent requests on any number of API processes count exactly.
 * KEYS: hits, block. ARGV: window ms, limit, block ms.
 * Returns hits, ms until the window ends, blocked (0/1), ms until the block ends.
 */
const INCREMENT = `
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft > 0 then
  local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
  return { hits, math.max(redis.call('PTTL', KEYS[1]), 0), 1, blockLeft }
end
local hits = redis.call('INCR', KEYS[1])
local windowLeft = redis.call('PTTL', KEYS[1])
if windowLeft < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  windowLeft = tonumber(ARGV[1])
end
if hits <= tonumber(ARGV[2]) then
  return { hits, windowLeft, 0, 0 }
end
local blockMs = tonumber(ARGV[3])
if blockMs <= 0 then
  return { hits, windowLeft, 1, windowLeft }
end
redis.call('SET', KEYS[2], '1', 'PX', blockMs)
return { hits, windowLeft, 1, blockMs }
`;

type RateLimitHit = (
  hitsKey: string,
  blockKey: string,
  windowMs: number,
  limit: number,
  blockMs: number,
) => Promise<[number, number, number, number]>;

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

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
      `${key}:blocked`,
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
