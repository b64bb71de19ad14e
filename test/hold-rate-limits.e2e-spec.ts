import './support/env/tight-hold-limits';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createAccount, TestAccount } from './support/accounts';
import { LiveDrop, openLiveDrop } from './support/live-drop';
import { useApiOnTestDatabase } from './support/test-app';

describe('hold attempts are limited per fan and per IP', () => {
  const ctx = useApiOnTestDatabase();
  let drop: LiveDrop;
  let fans: TestAccount[];

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [1], perCustomerLimit: 1 });
    fans = [];
    for (let i = 0; i < 5; i++) fans.push(await createAccount(ctx.app, ctx.db));
  });

  const attempt = (fan: TestAccount, ip: string) =>
    request(ctx.app.getHttpServer())
      .post(`/drops/${drop.id}/holds`)
      .set('authorization', fan.bearer)
      .set('x-forwarded-for', ip)
      .set('idempotency-key', randomUUID())
      .send({ variantId: drop.variantIds[0], quantity: 1 });

  it('a fan gets three attempts whatever address they use; then 429 with Retry-After', async () => {
    const statuses = [];
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4']) {
      statuses.push((await attempt(fans[0], ip)).status);
    }
    // One unit, limit one: a hold, then declines, then the fan's budget is spent.
    expect(statuses).toEqual([201, 422, 422, 429]);
    const limited = await attempt(fans[0], '198.51.100.5');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('one address gets eight attempts whichever fans use it', async () => {
    const ip = '203.0.113.9';
    const statuses = [];
    for (const fan of [fans[1], fans[1], fans[1], fans[2], fans[2], fans[2], fans[3], fans[3]]) {
      statuses.push((await attempt(fan, ip)).status);
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(0);
    expect((await attempt(fans[4], ip)).status).toBe(429);
    // Another address is unaffected, for a fan with budget left.
    expect((await attempt(fans[4], '203.0.113.10')).status).toBe(409);
  });
});
