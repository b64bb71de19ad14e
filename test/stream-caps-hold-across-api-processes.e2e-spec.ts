import './support/env/shared-stream-caps';
import { redisOptionsFromUrl } from '@limited-run/platform';
import Redis from 'ioredis';
import { createAccount } from './support/accounts';
import { type ApiProcess, spawnApi } from './support/api-process';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { openSse, type SseStream } from './support/sse-client';
import { eventually, useApiOnTestDatabase } from './support/test-app';

/**
 * The per-client stream caps are counted in Redis: a client racing streams against two API
 * processes gets no more than the cap in total, and a process that dies holding slots frees
 * them within one lease instead of locking the client out.
 */
describe('stream caps hold across API processes', () => {
  const ctx = useApiOnTestDatabase();
  let here: string;
  let other: ApiProcess;
  let drop: LiveDrop;
  let redis: Redis;
  const streams: SseStream[] = [];
  /** Slots held now, in all processes and of every kind. */
  const slotsHeld = async (): Promise<number> => {
    const prefix = `${process.env.REDIS_PREFIX}:`;
    const keys = await redis.keys(`${prefix}client-slots:*`);
    let held = 0;
    for (const key of keys) held += await redis.zcard(key.slice(prefix.length));
    return held;
  };

  beforeAll(async () => {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    here = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    // Same database and REDIS_PREFIX as this file, and the same caps (inherited environment).
    other = await spawnApi({ LOG_LEVEL: 'silent' });
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [3] });
    redis = new Redis({
      ...redisOptionsFromUrl(process.env.REDIS_URL ?? ''),
      keyPrefix: `${process.env.REDIS_PREFIX}:`,
    });
  }, 120_000);
  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    // Each process releases a closed stream's slot once it sees the socket close.
    await eventually(async () => ((await slotsHeld()) === 0 ? true : undefined));
  });
  afterAll(async () => {
    other?.stop();
    await redis?.quit();
  });

  const open = async (url: string, headers: Record<string, string> = {}) => {
    const stream = await openSse(url, headers);
    streams.push(stream);
    return stream;
  };
  const statuses = (opened: SseStream[]) => opened.map((s) => s.status).sort();

  it('lets one address hold SSE_MAX_CLIENTS_PER_IP live streams in all, raced against both', async () => {
    const opened = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        open(`${[here, other.url][i % 2]}/drops/${drop.id}/events`),
      ),
    );
    expect(statuses(opened)).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
    for (const refused of opened.filter((s) => s.status === 429)) {
      expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'TOO_MANY_STREAMS' } });
    }
    // A stream closed at one process frees a slot the other can give.
    const onHere = opened.find((s) => s.status === 200);
    onHere?.close();
    const again = await eventually(async () => {
      const next = await open(`${other.url}/drops/${drop.id}/events`);
      if (next.status === 200) return next;
      next.close();
      return undefined;
    });
    expect(again.status).toBe(200);
  });

  it('lets one account hold SSE_MAX_ROOM_STREAMS_PER_USER waiting-room streams in all', async () => {
    const fan = await createAccount(ctx.app, ctx.db);
    const joined = await fetch(`${here}/drops/${drop.id}/room`, {
      method: 'POST',
      headers: { authorization: fan.bearer },
    });
    expect(joined.status).toBe(201);
    const opened = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        open(`${[here, other.url][i % 2]}/drops/${drop.id}/room/me/events`, {
          authorization: fan.bearer,
        }),
      ),
    );
    // Below the address cap (3): the account's cap (2) is what refuses.
    expect(statuses(opened)).toEqual([200, 200, 429, 429, 429, 429]);
    // Another account at the same address still gets its stream.
    const neighbour = await createAccount(ctx.app, ctx.db);
    await fetch(`${here}/drops/${drop.id}/room`, {
      method: 'POST',
      headers: { authorization: neighbour.bearer },
    });
    const theirs = await open(`${other.url}/drops/${drop.id}/room/me/events`, {
      authorization: neighbour.bearer,
    });
    expect(theirs.status).toBe(200);
  });

  it('frees the slots of a process that crashed within one lease', async () => {
    const held = await Promise.all(
      [0, 1, 2].map(() => open(`${other.url}/drops/${drop.id}/events`)),
    );
    expect(statuses(held)).toEqual([200, 200, 200]);
    const refused = await open(`${here}/drops/${drop.id}/events`);
    expect(refused.status).toBe(429);
    // No release reaches Redis: only the lapsing leases can free the address.
    other.crash();
    const admitted = await eventually(async () => {
      const next = await open(`${here}/drops/${drop.id}/events`);
      if (next.status === 200) return next;
      next.close();
      return undefined;
    }, 15_000);
    expect(admitted.status).toBe(200);
  });
});
