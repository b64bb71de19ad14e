import './support/env/generous-rate-limits';
import { createHash, randomUUID } from 'node:crypto';
import { AdmissionGate, GATE_TTL_SECONDS } from '@limited-run/inventory';
import { REDIS } from '@limited-run/platform';
import type Redis from 'ioredis';
import request from 'supertest';
import { provisionFans, type Fan } from '../bench/support/fans';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { useApiOnTestDatabase } from './support/test-app';

const HISTORY = 20_000;
const UNITS = 6;

/**
 * A drop with a long history (tens of thousands of ended holds) and a cold gate: the first
 * requests rebuild it once, write as many keys as the drop's size needs, and every key written
 * expires; a retry of a request from the history still gets its first answer.
 */
describe('rebuilding a busy drop’s gate costs the drop’s size, once, whatever its history', () => {
  const ctx = useApiOnTestDatabase();
  let drop: LiveDrop;
  let fans: Fan[];
  let redis: Redis;
  const historyFan = { key: '' };

  const hold = (fan: Fan, key: string = randomUUID(), dropId = drop.id) =>
    request(ctx.app.getHttpServer())
      .post(`/drops/${dropId}/holds`)
      .set('authorization', `Bearer ${fan.token}`)
      .set('idempotency-key', key)
      .send({ variantId: drop.variantIds[0], quantity: 1 });

  const dropKeys = async (): Promise<string[]> => {
    const prefix = `${process.env.REDIS_PREFIX}:`;
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(
        cursor,
        'MATCH',
        `${prefix}inv:{drop:${drop.id}}:*`,
        'COUNT',
        1000,
      );
      cursor = next;
      found.push(...keys.map((k) => k.slice(prefix.length)));
    } while (cursor !== '0');
    return found;
  };

  /** Cold: Redis lost the drop's gate. */
  const loseGate = async (): Promise<void> => {
    const keys = await dropKeys();
    if (keys.length > 0) await redis.del(...keys);
  };

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [UNITS], perCustomerLimit: 1 });
    fans = await provisionFans(ctx.db, 40, process.env.JWT_SECRET ?? '', randomUUID().slice(0, 8));
    redis = ctx.app.get<Redis>(REDIS);
    // The history: holds made and ended within the last day, as at a busy opening.
    const requestHash = createHash('sha256')
      .update(JSON.stringify({ dropId: drop.id, variantId: drop.variantIds[0], quantity: 1 }))
      .digest('hex');
    historyFan.key = 'history-0';
    await ctx.db.query(
      `INSERT INTO holds (drop_id, variant_id, user_id, quantity, status, expires_at,
                          idempotency_key, request_hash, ended_at)
       SELECT $1, $2, $3, 1, 'expired', now() - interval '1 minute', 'history-' || g, $4, now()
         FROM generate_series(0, $5 - 1) AS g`,
      [drop.id, drop.variantIds[0], fans[0].userId, requestHash, HISTORY],
    );
  });

  it('answers a retry of a request from the history with its first answer, from Postgres', async () => {
    await loseGate();
    const { rows } = await ctx.db.query<{ id: string }>(
      `SELECT id FROM holds WHERE drop_id = $1 AND user_id = $2 AND idempotency_key = $3`,
      [drop.id, fans[0].userId, historyFan.key],
    );
    const retry = await hold(fans[0], historyFan.key).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toMatchObject({ holdId: rows[0].id, status: 'expired' });
    const { rows: line } = await ctx.db.query<{ held: number }>(
      'SELECT held FROM drop_lines WHERE drop_id = $1',
      [drop.id],
    );
    expect(line[0].held).toBe(0);
  });

  it('rebuilds once for a crowd, writes keys for the drop’s size, every one with a TTL', async () => {
    await loseGate();
    const load = jest.spyOn(ctx.app.get(AdmissionGate), 'load');

    const crowd = fans.slice(1, 31);
    const answers = await Promise.all(crowd.map((fan) => hold(fan)));
    const statuses = answers.map((a) => `${a.status} ${a.body.error?.code ?? ''}`.trim());
    expect(statuses.filter((s) => s === '201')).toHaveLength(UNITS);
    for (const status of statuses) expect(['201', '409 SOLD_OUT']).toContain(status);
    expect(load).toHaveBeenCalledTimes(1);
    const snapshot = load.mock.calls[0][1];
    expect(snapshot.answers.length).toBeLessThanOrEqual(UNITS);

    const keys = await dropKeys();
    // Two counter hashes, one idempotency key per request that took a unit, and the live
    // feed's three (sequence, recent events, last shown counters).
    expect(keys.length).toBeLessThanOrEqual(2 + UNITS + 3);
    for (const key of keys.filter((k) => /:(avail|fans)$/.test(k))) {
      expect(await redis.ttl(key)).toBeGreaterThan(GATE_TTL_SECONDS - 60);
    }
    for (const key of keys) {
      const ttl = await redis.ttl(key);
      expect({ key, expires: ttl > 0 }).toEqual({ key, expires: true });
    }
  });
});
