// Small steps bench:drop and bench:drop-e2e share.
import { existsSync } from 'node:fs';
import Redis from 'ioredis';
import { delay } from '../../scripts/dev-services';
import type { ApiClient } from './api-client';
import type { Fan } from './fans';

export async function readRedisPid(redisUrl: string): Promise<number> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  try {
    const pid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1] ?? 0);
    // Only when it runs on this machine and its /proc entry is readable.
    return pid && existsSync(`/proc/${pid}/stat`) ? pid : 0;
  } finally {
    redis.disconnect();
  }
}

export async function warmAuth(origin: string, fans: Fan[]): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < fans.length) {
      const fan = fans[next++];
      const res = await fetch(`${origin}/me`, {
        headers: { authorization: `Bearer ${fan.token}` },
        signal: AbortSignal.timeout(30_000),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET /me answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

export async function waitLive(api: ApiClient, dropId: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { state } = await api.call<{ state: string }>('GET', `/drops/${dropId}`, 200);
    if (state === 'live') return;
    await delay(250);
  }
  throw new Error(`drop ${dropId} was not live 30 s after its start`);
}
