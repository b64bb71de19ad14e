import './support/env/fast-sse-heartbeat';
import { CounterFeed, type LineCounters } from '@limited-run/inventory';
import { redisOptionsFromUrl } from '@limited-run/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { type ApiProcess, spawnApi } from './support/api-process';
import { createCollective } from './support/collectives';
import { createDrop, createItem, hoodie, inSeconds, scheduleDrop } from './support/drops';
import { dataOf, openSse, type SseStream } from './support/sse-client';
import { eventually, startApi, useApiOnTestDatabase } from './support/test-app';

interface CountersData {
  dropId: string;
  seq: number;
  lines: LineCounters[];
}

interface SnapshotData extends CountersData {
  state: string;
}

const COLLECTIVE = 'night-shift';

/**
 * Every counter change reaches every fan's stream, whichever API process it is connected to:
 * published once into Redis, fanned out by each process to its own clients, in order, with
 * missed events replayed on reconnect.
 */
describe('live counters reach every API process in order, and resume where a client left off', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());
  let owner: TestAccount;
  let other: ApiProcess;
  let redis: Redis;
  let here: string;
  let drops = 0;
  const streams: SseStream[] = [];

  beforeAll(async () => {
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    owner = await createAccount(ctx.app, ctx.db);
    await createCollective(ctx.app, admin, owner, COLLECTIVE);
    // This file's in-process API on a real port too, for clients that need a socket.
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    here = await ctx.app.getUrl();
    // Same database and REDIS_PREFIX as this file (inherited); two streams at most.
    other = await spawnApi({ LOG_LEVEL: 'silent', SSE_MAX_CLIENTS: '2' });
    redis = new Redis({
      ...redisOptionsFromUrl(process.env.REDIS_URL ?? ''),
      keyPrefix: `${process.env.REDIS_PREFIX}:`,
    });
    // Spawning the second API (ts-node) can take most of a minute on a busy shared machine.
  }, 120_000);

  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });

  afterAll(async () => {
    other?.stop();
    await redis?.quit();
  });

  /** A scheduled (public) drop of its own, so each test's sequence starts at 1. */
  async function publicDrop(state: 'scheduled' | 'draft' = 'scheduled') {
    drops++;
    const item = await createItem(ctx.app, owner, COLLECTIVE, hoodie(`D${drops}`));
    const drop = await createDrop(ctx.app, owner, COLLECTIVE, {
      name: `Drop ${drops}`,
      slug: `drop-${drops}`,
      startsAt: inSeconds(3600),
      lines: item.variants.map((v, i) => ({ variantId: v.id, quantity: 10 * (i + 1) })),
    });
    if (state === 'scheduled') await scheduleDrop(ctx.app, owner, COLLECTIVE, drop.id);
    return { id: drop.id, variants: item.variants.map((v) => v.id) };
  }

  /** The truth, in the order the drop lists its lines. */
  async function truth(dropId: string): Promise<LineCounters[]> {
    const { rows } = await ctx.db.query<LineCounters>(
      `SELECT variant_id AS "variantId", quantity_allocated AS allocated, held, sold,
              quantity_allocated - held - sold AS available
         FROM drop_lines WHERE drop_id = $1 ORDER BY created_at, id`,
      [dropId],
    );
    return rows;
  }

  /** Moves one line in Postgres, then publishes it as the hold path does after its commit. */
  async function move(dropId: string, variantId: string, held: number, sold = 0) {
    await ctx.db.query(
      'UPDATE drop_lines SET held = $3, sold = $4 WHERE drop_id = $1 AND variant_id = $2',
      [dropId, variantId, held, sold],
    );
    const line = (await truth(dropId)).find((l) => l.variantId === variantId);
    return ctx.app.get(CounterFeed).publish(dropId, [line as LineCounters]);
  }

  async function stream(base: string, dropId: string, headers: Record<string, string> = {}) {
    const opened = await openSse(`${base}/drops/${dropId}/events`, headers);
    streams.push(opened);
    return opened;
  }

  /** A stream on the other process, once it has room for one more. */
  const streamWhenRoom = (dropId: string): Promise<SseStream> =>
    eventually(async () => {
      const next = await stream(other.url, dropId);
      if (next.status === 200) return next;
      next.close();
      return undefined;
    }, 5000);

  const seqs = (s: SseStream, type = 'counters') => dataOf<CountersData>(s, type).map((d) => d.seq);

  it('a client of the other process sees all 50 changes published here, once each, in order', async () => {
    const drop = await publicDrop();
    const client = await stream(other.url, drop.id);
    expect(client.status).toBe(200);
    expect(client.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
    expect(client.headers['x-request-id']).toBeTruthy();
    await client.until((s) => s.events.length >= 1);
    expect(client.events[0]).toMatchObject({ event: 'snapshot', id: '0' });
    expect(dataOf<SnapshotData>(client, 'snapshot')[0]).toEqual({
      dropId: drop.id,
      state: 'scheduled',
      seq: 0,
      lines: await truth(drop.id),
    });

    // Fifty publishers at once: the drop's sequence, not arrival order, decides the order.
    await ctx.db.query('UPDATE drop_lines SET held = 7 WHERE drop_id = $1', [drop.id]);
    const [line] = await truth(drop.id);
    const published = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        ctx.app
          .get(CounterFeed)
          .publish(drop.id, [{ ...line, held: i % 8, available: 10 - (i % 8) }]),
      ),
    );
    expect(new Set(published).size).toBe(50);
    const newest = Math.max(...(published as number[]));

    await client.until((s) => seqs(s).includes(newest));
    const received = seqs(client);
    expect(received).toEqual(Array.from({ length: received.length }, (_, i) => i + 1));
    expect(received).toEqual(expect.arrayContaining(published));
    expect(client.events.slice(1).map((e) => e.id)).toEqual(received.map(String));
    // Each event carries what its own publisher sent.
    const heldBySeq = new Map(dataOf<CountersData>(client, 'counters').map((d) => [d.seq, d]));
    published.forEach((seq, i) => expect(heldBySeq.get(seq as number)?.lines[0].held).toBe(i % 8));
    // Whatever order the publishers' values landed in, the stream settles on the truth.
    await client.until((s) => {
      const last = dataOf<CountersData>(s, 'counters').at(-1);
      return last?.lines[0].held === 7;
    }, 3000);
  });

  it('a stale value published out of order is corrected on every stream within a second', async () => {
    const drop = await publicDrop();
    const clients = [await stream(other.url, drop.id), await stream(here, drop.id)];
    await move(drop.id, drop.variants[1], 5);
    // An older movement's publisher reaching Redis last, with the value before.
    await ctx.app
      .get(CounterFeed)
      .publish(drop.id, [
        { variantId: drop.variants[1], allocated: 20, held: 4, sold: 0, available: 16 },
      ]);
    for (const client of clients) {
      await client.until((s) => {
        const last = dataOf<CountersData>(s, 'counters').at(-1);
        return last?.seq === 3 && last.lines[0].held === 5;
      }, 2000);
      expect(seqs(client)).toEqual([1, 2, 3]);
    }
  });

  it('a client resuming with Last-Event-ID gets exactly the events it missed', async () => {
    const drop = await publicDrop();
    const first = await stream(other.url, drop.id);
    for (let held = 1; held <= 5; held++) await move(drop.id, drop.variants[0], held);
    await first.until((s) => seqs(s).length === 5);
    const lastId = first.events.at(-1)?.id as string;
    expect(lastId).toBe('5');
    first.close();

    for (let held = 6; held <= 9; held++) await move(drop.id, drop.variants[0], held);
    await move(drop.id, drop.variants[2], 0, 3);
    const resumed = await stream(other.url, drop.id, { 'last-event-id': lastId });
    await resumed.until((s) => seqs(s).length >= 5);
    // One more, live: anything replayed twice or sent besides the missed events would show here.
    await move(drop.id, drop.variants[0], 10);
    await resumed.until((s) => seqs(s).includes(11));
    expect(resumed.events.map((e) => `${e.event}#${e.id}`)).toEqual(
      [6, 7, 8, 9, 10, 11].map((seq) => `counters#${seq}`),
    );
    const replayed = dataOf<CountersData>(resumed, 'counters');
    expect(replayed.map((d) => d.lines[0].held)).toEqual([6, 7, 8, 9, 0, 10]);
    expect(replayed[4].lines).toEqual([
      { variantId: drop.variants[2], allocated: 30, held: 0, sold: 3, available: 27 },
    ]);
  });

  it('a client whose missed events were trimmed away gets a fresh snapshot instead', async () => {
    const drop = await publicDrop();
    for (let held = 1; held <= 6; held++) await move(drop.id, drop.variants[0], held);
    // As if a thousand more events had pushed them out of the capped stream.
    await redis.xtrim(`inv:{drop:${drop.id}}:events`, 'MAXLEN', 2);
    const resumed = await stream(other.url, drop.id, { 'last-event-id': '2' });
    await resumed.until((s) => s.events.length >= 1);
    expect(resumed.events[0]).toMatchObject({ event: 'snapshot', id: '6' });
    expect(dataOf<SnapshotData>(resumed, 'snapshot')[0].lines).toEqual(await truth(drop.id));

    // An id this drop never reached (another deployment's, or before Redis lost its keys).
    const stranger = await stream(other.url, drop.id, { 'last-event-id': '4000' });
    await stranger.until((s) => s.events.length >= 1);
    expect(stranger.events[0]).toMatchObject({ event: 'snapshot', id: '6' });
  });

  it('sends a heartbeat comment every SSE_HEARTBEAT_SECONDS on an idle stream', async () => {
    const drop = await publicDrop();
    const client = await stream(other.url, drop.id);
    await client.until((s) => s.comments.filter((c) => c === 'heartbeat').length >= 2, 5000);
    expect(client.events.map((e) => e.event)).toEqual(['snapshot']);
  });

  it('refuses drafts, cancelled and unknown drops with a JSON 404 before any stream starts', async () => {
    const draft = await publicDrop('draft');
    const cancelled = await publicDrop();
    await http()
      .post(`/collectives/${COLLECTIVE}/drops/${cancelled.id}/cancel`)
      .set('authorization', owner.bearer)
      .expect(200);
    for (const id of [draft.id, cancelled.id, '6f1c1f5e-6a8e-4f8e-9b7a-1d2c3b4a5f60']) {
      for (const path of ['events', 'availability']) {
        const res = await http().get(`/drops/${id}/${path}`).expect(404);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.body).toEqual({ error: expect.objectContaining({ code: 'DROP_NOT_FOUND' }) });
      }
      const remote = await stream(other.url, id);
      await remote.until((s) => s.ended);
      expect(remote.status).toBe(404);
      expect(JSON.parse(remote.body)).toEqual({
        error: expect.objectContaining({ code: 'DROP_NOT_FOUND' }),
      });
    }
    await http().get('/drops/not-a-uuid/events').expect(400);
  });

  it('availability matches drop_lines: at once after a publish, within a second after any write', async () => {
    const drop = await publicDrop();
    const first = await http().get(`/drops/${drop.id}/availability`).expect(200);
    expect(first.body).toEqual({
      dropId: drop.id,
      state: 'scheduled',
      lines: await truth(drop.id),
      seq: 0,
    });

    const seq = await move(drop.id, drop.variants[1], 4, 2);
    const published = await http().get(`/drops/${drop.id}/availability`).expect(200);
    expect(published.body).toEqual({
      dropId: drop.id,
      state: 'scheduled',
      lines: await truth(drop.id),
      seq,
    });
    expect(
      published.body.lines.find((l: LineCounters) => l.variantId === drop.variants[1]),
    ).toEqual({ variantId: drop.variants[1], allocated: 20, held: 4, sold: 2, available: 14 });

    // A write nobody published (a repair by hand): the micro-cache lets it through in time.
    await ctx.db.query('UPDATE drop_lines SET sold = 9 WHERE drop_id = $1 AND variant_id = $2', [
      drop.id,
      drop.variants[2],
    ]);
    const expected = await truth(drop.id);
    await eventually(async () => {
      const res = await fetch(`${other.url}/drops/${drop.id}/availability`);
      const body = (await res.json()) as { lines: LineCounters[] };
      return JSON.stringify(body.lines) === JSON.stringify(expected) ? true : undefined;
    }, 1500);
  });

  it('serves at most SSE_MAX_CLIENTS streams per process and frees a place when a client leaves', async () => {
    const drop = await publicDrop();
    // Earlier tests' clients have hung up; the server may take a moment to notice.
    const a = await streamWhenRoom(drop.id);
    const b = await streamWhenRoom(drop.id);
    await Promise.all([a, b].map((s) => s.until((x) => x.events.length >= 1)));
    const refused = await fetch(`${other.url}/drops/${drop.id}/events`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toEqual({
      error: expect.objectContaining({ code: 'LIVE_CLIENTS_FULL' }),
    });

    a.close();
    const again = await streamWhenRoom(drop.id);
    await again.until((s) => s.events.length >= 1);
    // The other process's limit is its own: this one still serves the drop.
    await move(drop.id, drop.variants[0], 1);
    await Promise.all([b, again].map((s) => s.until((x) => seqs(x).includes(1))));
  });

  it('ends its streams when the app shuts down, so the process can exit', async () => {
    const drop = await publicDrop();
    const app: NestFastifyApplication = await startApi();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const client = await stream(await app.getUrl(), drop.id);
    const remote = await streamWhenRoom(drop.id);
    await Promise.all([client, remote].map((c) => c.until((s) => s.events.length >= 1)));
    await app.close();
    await client.until((s) => s.ended, 5000);
    // A deployed process gets SIGTERM: same shutdown, its clients are let go at once.
    other.stop();
    await remote.until((s) => s.ended, 10_000);
  });
});
