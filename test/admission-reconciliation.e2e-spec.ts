// The anomaly watch queries holds on its own timer; the test below spies on every statement.
import './support/env/anomaly-watch-by-hand';
import { randomUUID } from 'node:crypto';
import { Reconciliation } from '@limited-run/inventory';
import Redis from 'ioredis';
import request from 'supertest';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { createAccount } from './support/accounts';
import { LiveDrop, openLiveDrop } from './support/live-drop';
import { useApiOnTestDatabase } from './support/test-app';

describe('reconciliation compares the admission counters with Postgres and repairs them safely', () => {
  const ctx = useApiOnTestDatabase();
  let drop: LiveDrop;
  let redis: Redis;
  const gateKey = () => `inv:{drop:${drop.id}}:avail`;

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [5, 5] });
    redis = new Redis(process.env.REDIS_URL ?? '', { keyPrefix: `${process.env.REDIS_PREFIX}:` });
    const fan = await createAccount(ctx.app, ctx.db);
    await request(ctx.app.getHttpServer())
      .post(`/drops/${drop.id}/holds`)
      .set('authorization', fan.bearer)
      .set('idempotency-key', randomUUID())
      .send({ variantId: drop.variantIds[0], quantity: 2 })
      .expect(201);
  });
  afterAll(() => redis?.disconnect());

  const gate = async () => {
    const all = await redis.hgetall(gateKey());
    return drop.variantIds.map((id) => Number(all[id]));
  };

  it('finds nothing to do when they agree', async () => {
    const report = await ctx.app.get(Reconciliation).reconcile(drop.id);
    expect(report.lines.map((l) => l.action)).toEqual(['none', 'none']);
    expect(await gate()).toEqual([3, 5]);
  });

  it('trims a gate more generous than the truth at once', async () => {
    await redis.hincrby(gateKey(), drop.variantIds[0], 4);
    const report = await ctx.app.get(Reconciliation).reconcile(drop.id);
    expect(report.lines.find((l) => l.variantId === drop.variantIds[0])).toMatchObject({
      gate: 7,
      truth: 3,
      action: 'lowered',
    });
    expect(await gate()).toEqual([3, 5]);
  });

  it('raises a short gate only when the shortfall is still there on the next run', async () => {
    await redis.hincrby(gateKey(), drop.variantIds[1], -2);
    const reconciliation = ctx.app.get(Reconciliation);
    const first = await reconciliation.reconcile(drop.id);
    expect(first.lines.find((l) => l.variantId === drop.variantIds[1])?.action).toBe('watching');
    expect(await gate()).toEqual([3, 3]);
    const second = await reconciliation.reconcile(drop.id);
    expect(second.lines.find((l) => l.variantId === drop.variantIds[1])?.action).toBe('raised');
    expect(await gate()).toEqual([3, 5]);
  });

  it('a shortfall that resolves itself (a request in flight) is not raised', async () => {
    const reconciliation = ctx.app.get(Reconciliation);
    await redis.hincrby(gateKey(), drop.variantIds[1], -1);
    const first = await reconciliation.reconcile(drop.id);
    expect(first.lines.find((l) => l.variantId === drop.variantIds[1])?.action).toBe('watching');
    await redis.hincrby(gateKey(), drop.variantIds[1], 1);
    expect((await reconciliation.reconcile(drop.id)).lines.map((l) => l.action)).toEqual([
      'none',
      'none',
    ]);
    expect(await gate()).toEqual([3, 5]);
  });

  it("reads the drop's lines from Postgres, never its fans (a drop's fans can be a million rows)", async () => {
    // Every statement of TypeORM's, whichever API sent it, goes through a query runner.
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    try {
      const report = await ctx.app.get(Reconciliation).reconcile(drop.id);
      expect(Object.fromEntries(report.lines.map((l) => [l.variantId, l.truth]))).toEqual({
        [drop.variantIds[0]]: 3,
        [drop.variantIds[1]]: 5,
      });
      const sql = spy.mock.calls.map(([text]) => text);
      expect(sql.some((text) => /drop_lines/i.test(text))).toBe(true);
      expect(sql.filter((text) => /drop_fan_units|holds/i.test(text))).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  it('rebuilds a gate that lost its keys', async () => {
    await redis.del(gateKey());
    const report = await ctx.app.get(Reconciliation).reconcile(drop.id);
    expect(report.rebuilt).toBe(true);
    expect(await gate()).toEqual([3, 5]);
  });
});
