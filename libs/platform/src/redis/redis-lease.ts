import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';

/** Deletes the key only while it still holds this lease's token (never another holder's). */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** A lease taken with `takeLease`; `release` ends it early, and is a no-op once it lapsed. */
export interface RedisLease {
  release(): Promise<void>;
}

/**
 * One holder across every process for at most `ttlMs`: SET NX PX under a token of its own. The
 * lease lapses by itself, so a holder killed mid-work blocks the others for at most `ttlMs`;
 * work under a lease must finish well within it (callers bound their work by a budget). Null
 * when another process holds it, or when Redis cannot be asked (the caller skips this turn).
 */
export async function takeLease(
  redis: Redis,
  key: string,
  ttlMs: number,
): Promise<RedisLease | null> {
  const token = randomUUID();
  const taken = await redis.set(key, token, 'PX', ttlMs, 'NX').catch(() => null);
  if (taken !== 'OK') return null;
  return {
    release: async () => {
      await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    },
  };
}
