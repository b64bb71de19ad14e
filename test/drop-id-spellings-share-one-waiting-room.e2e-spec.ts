import { randomUUID } from 'node:crypto';
import { REDIS } from '@limited-run/platform';
import type Redis from 'ioredis';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { useApiOnTestDatabase } from './support/test-app';

/** Other ways to write the same uuid that Postgres would accept as equal. */
const refusedSpellings = (id: string): string[] => [
  `{${id}}`,
  id.replace(/-/g, ''),
  `urn:uuid:${id}`,
  ` ${id}`,
];

describe('every spelling of a drop id reaches the one waiting room and the one gate', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());
  let redis: Redis;
  let roomDrop: LiveDrop;
  let plainDrop: LiveDrop;
  let fans: TestAccount[];

  beforeAll(async () => {
    redis = ctx.app.get<Redis>(REDIS);
    roomDrop = await openLiveDrop(ctx.app, ctx.db, { units: [5] });
    plainDrop = await openLiveDrop(ctx.app, ctx.db, { units: [5] });
    fans = await Promise.all([0, 1, 2].map(() => createAccount(ctx.app, ctx.db)));
  });

  /** Keys of this drop under any spelling other than the canonical one. */
  async function keysOfOtherSpellings(dropId: string): Promise<string[]> {
    const prefix = `${process.env.REDIS_PREFIX}:`;
    const all: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      all.push(...keys);
    } while (cursor !== '0');
    const lower = dropId.toLowerCase().replace(/-/g, '');
    return all.filter(
      (key) => !key.includes(dropId) && key.toLowerCase().replace(/-/g, '').includes(lower),
    );
  }

  it('refuses a hold without admission whatever case the drop id is written in', async () => {
    const [queued, bypasser] = fans;
    await http().post(`/drops/${roomDrop.id}/room`).set('authorization', queued.bearer).expect(201);

    for (const spelling of [roomDrop.id.toUpperCase(), roomDrop.id]) {
      const res = await http()
        .post(`/drops/${spelling}/holds`)
        .set('authorization', bypasser.bearer)
        .set('idempotency-key', randomUUID())
        .send({ variantId: roomDrop.variantIds[0], quantity: 1 });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('ADMISSION_REQUIRED');
    }
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM holds WHERE drop_id = $1`, [
      roomDrop.id,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('puts a fan who arrives with an upper-case id in the same room', async () => {
    const late = fans[2];
    const joined = await http()
      .post(`/drops/${roomDrop.id.toUpperCase()}/room`)
      .set('authorization', late.bearer)
      .expect(201);
    const standing = await http()
      .get(`/drops/${roomDrop.id}/room/me`)
      .set('authorization', late.bearer)
      .expect(200);
    expect(standing.body).toMatchObject({ dropId: roomDrop.id });
    expect(joined.body.dropId).toBe(roomDrop.id);
    expect(await keysOfOtherSpellings(roomDrop.id)).toEqual([]);
  });

  it('replays a retried hold sent with another spelling of the drop and variant ids', async () => {
    const fan = fans[0];
    const key = randomUUID();
    const first = await http()
      .post(`/drops/${plainDrop.id}/holds`)
      .set('authorization', fan.bearer)
      .set('idempotency-key', key)
      .send({ variantId: plainDrop.variantIds[0], quantity: 1 })
      .expect(201);
    const retry = await http()
      .post(`/drops/${plainDrop.id.toUpperCase()}/holds`)
      .set('authorization', fan.bearer)
      .set('idempotency-key', key)
      .send({ variantId: plainDrop.variantIds[0].toUpperCase(), quantity: 1 })
      .expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.holdId).toBe(first.body.holdId);
    expect(retry.body.dropId).toBe(plainDrop.id);
    expect(await keysOfOtherSpellings(plainDrop.id)).toEqual([]);
  });

  it('refuses spellings that are not plain uuids with 400, writing nothing', async () => {
    const fan = fans[1];
    for (const spelling of refusedSpellings(plainDrop.id)) {
      const res = await http()
        .post(`/drops/${encodeURIComponent(spelling)}/holds`)
        .set('authorization', fan.bearer)
        .set('idempotency-key', randomUUID())
        .send({ variantId: plainDrop.variantIds[0], quantity: 1 });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const { rows } = await ctx.db.query(
      `SELECT count(*)::int AS n FROM holds WHERE drop_id = $1 AND user_id = $2`,
      [plainDrop.id, fan.id],
    );
    expect(rows[0].n).toBe(0);
    expect(await keysOfOtherSpellings(plainDrop.id)).toEqual([]);
  });
});
