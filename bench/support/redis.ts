import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import {
  delay,
  freePort,
  hasExited,
  redisAnswers,
  redisServerArgs,
} from '../../scripts/dev-services';
import { childEnvironment } from './environment';
import { startProcess } from './processes';

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

/**
 * A Redis of the benchmark's own, pinned to `cpus` if given. Its CPU is all the bench's (the
 * machine's shared Redis serves whatever else runs, CI included). And the shared one is not
 * pinned: the kernel wakes it on the core of whoever wrote to it, the API's pinned core, where it
 * took 9–29 % of the core the API was measured on (docs/benchmarks.md, 5 December, eleventh
 * session). It goes with the bench's other processes (stopAll, or the exit hook); returns its URL.
 */
export async function startOwnRedis(workDir: string, cpus?: string): Promise<string> {
  const port = await freePort();
  const dataDir = join(workDir, 'redis');
  mkdirSync(dataDir, { recursive: true });
  const proc = startProcess({
    name: 'redis',
    command: 'redis-server',
    args: redisServerArgs(port, dataDir),
    env: childEnvironment({}),
    cwd: workDir,
    cpus,
    logFile: join(workDir, 'redis.log'),
  });
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (!(await redisAnswers(url, 500))) {
    if (hasExited(proc.child) || Date.now() > deadline) {
      throw new Error(`redis-server did not start:\n${proc.tail.join('\n')}`);
    }
    await delay(100);
  }
  return url;
}
