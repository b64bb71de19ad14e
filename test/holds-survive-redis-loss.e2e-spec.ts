import { randomUUID } from 'node:crypto';
import { Reconciliation } from '@limited-run/inventory';
import Redis from 'ioredis';
import request from 'supertest';
import { provisionFans, type Fan } from '../bench/support/fans';
import { LiveDrop, openLiveDrop } from './support/live-drop';
import { useApiOnTestDatabase } from './support/test-app';

const UNITS = [12, 12];

describe("a drop's Redis keys lost in the middle of the drop", () => {
  const ctx = useApiOnTestDatabase();
  let drop: LiveDrop;
  let fans: Fan[];
  let redis: Redis;

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: UNITS, perCustomerLimit: 1 });
    fans = await provisionFans(ctx.db, 120, process.env.JWT_SECRET ?? '', randomUUID().slice(0, 8));
    redis = new Redis(process.env.REDIS_URL ?? '', { keyPrefix: `${process.env.REDIS_PREFIX}:` });
  });
  afterAll(() => redis?.disconnect());

  const hold = (fan: Fan, variantId: string, key = randomUUID()) =>
    request(ctx.app.getHttpServer())
      .post(`/drops/${drop.id}/holds`)
      .set('authorization', `Bearer ${fan.token}`)
      .set('idempotency-key', key)
      .send({ variantId, quantity: 1 });

  /** Deletes only this drop's keys under this file's prefix (other files share the server). */
  async function loseDropKeys(): Promise<number> {
    const prefix = `${process.env.REDIS_PREFIX}:`;
    const pattern = `${prefix}inv:{drop:${drop.id}}:*`;
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      // The client prefixes keys itself; SCAN returns them prefixed.
      if (keys.length > 0) deleted += await redis.del(...keys.map((k) => k.slice(prefix.length)));
    } while (cursor !== '0');
    return deleted;
  }

  it('never oversells, rebuilds the counters, keeps limits and idempotency, and sells on', async () => {
    // Before the loss: 10 fans hold one unit each; remember one request to retry later.
    const early = fans.slice(0, 10);
    const retryKey = randomUUID();
    const first = await hold(early[0], drop.variantIds[0], retryKey).expect(201);
    await Promise.all(
      early.slice(1).map((fan, i) => hold(fan, drop.variantIds[i % 2]).expect(201)),
    );

    expect(await loseDropKeys()).toBeGreaterThan(0);

    // After the loss: the early fans are still at their limit, a retry gets its first answer...
    expect((await hold(early[1], drop.variantIds[1]).expect(422)).body.error.code).toBe(
      'LIMIT_REACHED',
    );
    const retried = await hold(early[0], drop.variantIds[0], retryKey).expect(201);
    expect(retried.body.holdId).toBe(first.body.holdId);

    // ...and 110 more fans race for what is left, losing the keys once more halfway.
    const late = fans.slice(10);
    const racing = late.map((fan, i) => hold(fan, drop.variantIds[i % 2]));
    const midway = loseDropKeys();
    const answers = await Promise.all(racing);
    await midway;
    const statuses = answers.map((a) => `${a.status} ${a.body.error?.code ?? ''}`.trim());
    for (const status of statuses) {
      expect(['201', '409 SOLD_OUT', '409 REQUEST_IN_PROGRESS']).toContain(status);
    }

    const { rows: lines } = await ctx.db.query<{
      variant_id: string;
      held: number;
      quantity_allocated: number;
    }>('SELECT variant_id, held, quantity_allocated FROM drop_lines WHERE drop_id = $1', [drop.id]);
    for (const line of lines) expect(line.held).toBeLessThanOrEqual(line.quantity_allocated);
    const { rows: active } = await ctx.db.query<{ n: number; fans: number }>(
      `SELECT sum(quantity)::int AS n, count(DISTINCT user_id)::int AS fans
         FROM holds WHERE drop_id = $1 AND status = 'active'`,
      [drop.id],
    );
    expect(active[0].n).toBe(lines.reduce((n, l) => n + l.held, 0));
    expect(active[0].fans).toBe(active[0].n); // limit 1: one unit per fan

    // Sales continue: whatever is left is sold to the next fans, then SOLD_OUT.
    const leftover = UNITS.reduce((a, b) => a + b, 0) - active[0].n;
    const spare = fans
      .slice(0, 0)
      .concat(
        await provisionFans(
          ctx.db,
          leftover + 2,
          process.env.JWT_SECRET ?? '',
          randomUUID().slice(0, 8),
        ),
      );
    let granted = 0;
    for (const fan of spare) {
      const left = lines.map((l) => l.variant_id);
      const res = await hold(fan, left[granted % 2]);
      if (res.status === 201) granted += 1;
      else if (res.body.error?.code === 'SOLD_OUT') {
        const other = await hold(fan, left[(granted + 1) % 2]);
        if (other.status === 201) granted += 1;
      }
    }
    expect(granted).toBe(leftover);
    const { rows: after } = await ctx.db.query<{ held: number; quantity_allocated: number }>(
      'SELECT held, quantity_allocated FROM drop_lines WHERE drop_id = $1',
      [drop.id],
    );
    for (const line of after) expect(line.held).toBe(line.quantity_allocated);

    // A rebuild that races requests in flight can leave the gate too generous (never too
    // strict): Postgres refused the extra admissions above, and the worker's reconciliation
    // trims the excess. After it, the rebuilt gate agrees with Postgres.
    const report = await ctx.app.get(Reconciliation).reconcile(drop.id);
    for (const line of report.lines) expect(['none', 'lowered']).toContain(line.action);
    const gate = await redis.hgetall(`inv:{drop:${drop.id}}:avail`);
    expect(gate.__ready).toBe('1');
    for (const line of lines) expect(Number(gate[line.variant_id])).toBe(0);
  });
});
