import Redis from 'ioredis';

/** Deletes every key under `prefix` with SCAN (never KEYS); returns how many went. */
export async function deleteKeysWithPrefix(redisUrl: string, prefix: string): Promise<number> {
  if (!/^lrbench:[a-z0-9]+:?$/.test(prefix)) throw new Error(`refusing to delete "${prefix}*"`);
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = nextCursor;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

export async function redisVersion(redisUrl: string): Promise<string> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  try {
    const info = await redis.info('server');
    return /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? 'unknown';
  } finally {
    redis.disconnect();
  }
}

/** A drop's admission-gate counters (variantId → units) as the API keeps them. */
export async function gateCounters(
  redisUrl: string,
  keyPrefix: string,
  dropId: string,
): Promise<Record<string, string>> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2, keyPrefix });
  await redis.connect();
  try {
    return await redis.hgetall(`inv:{drop:${dropId}}:avail`);
  } finally {
    redis.disconnect();
  }
}
