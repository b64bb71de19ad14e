import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { provisionFans, type Fan } from '../bench/support/fans';
import { ApiProcess, spawnApi } from './support/api-process';
import { LiveDrop, openLiveDrop } from './support/live-drop';
import { useApiOnTestDatabase } from './support/test-app';

// Two API processes (spawned through ts-node) and thousands of requests.
jest.setTimeout(240_000);

const UNITS = [10, 10, 15, 15];
const TOTAL = UNITS.reduce((a, b) => a + b, 0);
const FANS = 1000;
const LIMIT = 2;

interface Attempt {
  fan: Fan;
  variantId: string;
  quantity: number;
  key: string;
}

/**
 * Runs `attempts` against the two processes with at most `concurrency` in flight, and returns
 * every answer. Bounded: each request has a 30 s timeout and the list is finite.
 */
async function fire(
  apis: ApiProcess[],
  dropId: string,
  attempts: Attempt[],
  concurrency: number,
): Promise<
  Array<{ attempt: Attempt; status: number; body: { holdId?: string; error?: { code: string } } }>
> {
  const results: Array<{
    attempt: Attempt;
    status: number;
    body: { holdId?: string; error?: { code: string } };
  }> = [];
  let next = 0;
  const worker = async (lane: number): Promise<void> => {
    while (next < attempts.length) {
      const index = next++;
      const attempt = attempts[index];
      const api = apis[(index + lane) % apis.length];
      const res = await fetch(`${api.url}/drops/${dropId}/holds`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${attempt.fan.token}`,
          'idempotency-key': attempt.key,
        },
        body: JSON.stringify({ variantId: attempt.variantId, quantity: attempt.quantity }),
        signal: AbortSignal.timeout(30_000),
      });
      results.push({ attempt, status: res.status, body: (await res.json()) as never });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, lane) => worker(lane)));
  return results;
}

describe('holds never oversell: two API processes, 1,000 fans, 3,000 concurrent requests', () => {
  const ctx = useApiOnTestDatabase();
  let apis: ApiProcess[] = [];
  let drop: LiveDrop;
  let redis: Redis;

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: UNITS, perCustomerLimit: LIMIT });
    apis = await Promise.all([
      spawnApi({ LOG_LEVEL: 'silent' }),
      spawnApi({ LOG_LEVEL: 'silent' }),
    ]);
    redis = new Redis(process.env.REDIS_URL ?? '', { keyPrefix: `${process.env.REDIS_PREFIX}:` });
  });

  afterAll(() => {
    for (const api of apis) api.stop();
    redis?.disconnect();
  });

  it('holds exactly the units that exist; limits, retries, ledger, Postgres and Redis agree', async () => {
    const fans = await provisionFans(
      ctx.db,
      FANS,
      process.env.JWT_SECRET ?? '',
      randomUUID().slice(0, 8),
    );
    // Each fan: two different requests (quantity 1 and 2) and a retry of the first with its key.
    const attempts: Attempt[] = fans.flatMap((fan, i) => {
      const first = {
        fan,
        variantId: drop.variantIds[i % UNITS.length],
        quantity: 1,
        key: randomUUID(),
      };
      const second = {
        fan,
        variantId: drop.variantIds[(i + 1) % UNITS.length],
        quantity: 2,
        key: randomUUID(),
      };
      return [first, second, { ...first }];
    });
    // Shuffle deterministically so retries interleave with first attempts across processes.
    attempts.sort((a, b) => (a.key + a.quantity < b.key + b.quantity ? -1 : 1));
    const results = await fire(apis, drop.id, attempts, 200);
    expect(results).toHaveLength(3 * FANS);

    const byStatus = new Map<string, number>();
    for (const r of results) {
      const label = `${r.status} ${r.body.error?.code ?? ''}`.trim();
      byStatus.set(label, (byStatus.get(label) ?? 0) + 1);
    }
    // Only expected answers: holds, replays, and declines with stable codes, never a 5xx.
    for (const label of byStatus.keys()) {
      expect([
        '201',
        '409 SOLD_OUT',
        '409 INSUFFICIENT_STOCK',
        '422 LIMIT_REACHED',
        '409 REQUEST_IN_PROGRESS',
      ]).toContain(label);
    }

    const db = ctx.db;
    const { rows: lines } = await db.query<{
      variant_id: string;
      quantity_allocated: number;
      held: number;
      sold: number;
    }>('SELECT variant_id, quantity_allocated, held, sold FROM drop_lines WHERE drop_id = $1', [
      drop.id,
    ]);
    // Demand was far above supply: every unit is held, none twice.
    expect(lines.reduce((n, l) => n + l.held, 0)).toBe(TOTAL);
    for (const line of lines) expect(line.held).toBe(line.quantity_allocated);

    const { rows: holds } = await db.query<{
      user_id: string;
      variant_id: string;
      quantity: number;
      idempotency_key: string;
    }>(
      `SELECT user_id, variant_id, quantity, idempotency_key FROM holds WHERE drop_id = $1 AND status = 'active'`,
      [drop.id],
    );
    expect(holds.reduce((n, h) => n + h.quantity, 0)).toBe(TOTAL);
    // No key produced two holds; no fan holds more than the limit.
    expect(new Set(holds.map((h) => `${h.user_id}:${h.idempotency_key}`)).size).toBe(holds.length);
    const perFan = new Map<string, number>();
    for (const h of holds) perFan.set(h.user_id, (perFan.get(h.user_id) ?? 0) + h.quantity);
    expect(Math.max(...perFan.values())).toBeLessThanOrEqual(LIMIT);
    // Every successful answer names a real hold, and a retry got the first answer's hold.
    const granted = results.filter((r) => r.status === 201);
    const heldIds = new Set(
      (
        await db.query<{ id: string }>(`SELECT id FROM holds WHERE drop_id = $1`, [drop.id])
      ).rows.map((r) => r.id),
    );
    for (const r of granted) expect(heldIds.has(r.body.holdId ?? '')).toBe(true);
    const answersPerKey = new Map<string, Set<string>>();
    for (const r of granted) {
      const seen = answersPerKey.get(r.attempt.key) ?? new Set<string>();
      seen.add(r.body.holdId ?? '');
      answersPerKey.set(r.attempt.key, seen);
    }
    for (const ids of answersPerKey.values()) expect(ids.size).toBe(1);

    // The ledger derives the counters; drop_fan_units matches the holds.
    const { rows: ledger } = await db.query<{ variant_id: string; held: number }>(
      `SELECT variant_id,
              sum(CASE kind WHEN 'hold' THEN quantity WHEN 'release' THEN -quantity WHEN 'expire' THEN -quantity WHEN 'sell' THEN -quantity ELSE 0 END)::int AS held
         FROM inventory_movements WHERE drop_id = $1 GROUP BY variant_id`,
      [drop.id],
    );
    for (const line of lines) {
      expect(ledger.find((l) => l.variant_id === line.variant_id)?.held).toBe(line.held);
    }
    const { rows: fanUnits } = await db.query<{ user_id: string; units: number }>(
      `SELECT user_id, units FROM drop_fan_units WHERE drop_id = $1 AND units > 0`,
      [drop.id],
    );
    expect(Object.fromEntries(fanUnits.map((f) => [f.user_id, f.units]))).toEqual(
      Object.fromEntries(perFan),
    );

    // Redis agrees with Postgres once the dust settles.
    const gate = await redis.hgetall(`inv:{drop:${drop.id}}:avail`);
    for (const line of lines)
      expect(Number(gate[line.variant_id])).toBe(line.quantity_allocated - line.held - line.sold);
    const gateFans = await redis.hgetall(`inv:{drop:${drop.id}}:fans`);
    expect(Object.fromEntries(Object.entries(gateFans).map(([k, v]) => [k, Number(v)]))).toEqual(
      Object.fromEntries(perFan),
    );
  });
});
