import './support/env/payments-offline';
import { REDIS } from '@limited-run/platform';
import type Redis from 'ioredis';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { addMember } from './support/collectives';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { holdAndCheckout, orderReaches, placeHold } from './support/payments';
import { dataOf, openSse, type SseStream } from './support/sse-client';
import { useApiOnTestDatabase } from './support/test-app';

interface Line {
  variantId: string;
  allocated: number;
  held: number;
  sold: number;
  available: number;
  gateAvailable: number | null;
  drift: number | null;
  driftSince: string | null;
}
interface Drop {
  id: string;
  collectiveSlug: string;
  gateReady: boolean;
  held: number;
  sold: number;
  lines: Line[];
}

describe('the monitor: figures agree with the ledger while fans hold and buy; only admins and the collective see them', () => {
  let drop: LiveDrop;
  let other: LiveDrop;
  let staff: TestAccount;
  let fan: TestAccount;
  let base: string;
  const streams: SseStream[] = [];
  // Declared before the stack, so it runs first: the streams end before the API closes.
  afterAll(() => {
    for (const stream of streams) stream.close();
  });
  const ctx = useApiOnTestDatabase({ worker: true, payments: true });

  beforeAll(async () => {
    base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [6, 4], perCustomerLimit: 2 });
    other = await openLiveDrop(ctx.app, ctx.db, { units: [3] });
    staff = await createAccount(ctx.app, ctx.db);
    await addMember(ctx.app, drop.owner, drop.collective, staff, 'staff');
    fan = await createAccount(ctx.app, ctx.db);
  });

  const get = (who: TestAccount, path: string) =>
    request(ctx.app.getHttpServer()).get(path).set('authorization', who.bearer);

  async function ledger(dropId: string) {
    const { rows } = await ctx.db.query<{ variant_id: string; held: number; sold: number }>(
      `SELECT variant_id,
              coalesce(sum(CASE WHEN kind = 'hold' THEN quantity
                                WHEN kind IN ('release', 'expire', 'sell') THEN -quantity END), 0)::int AS held,
              coalesce(sum(CASE WHEN kind = 'sell' THEN quantity
                                WHEN kind = 'refund' THEN -quantity END), 0)::int AS sold
         FROM inventory_movements WHERE drop_id = $1 GROUP BY variant_id`,
      [dropId],
    );
    return new Map(rows.map((r) => [r.variant_id, r]));
  }

  async function expectFiguresMatchLedger(lines: Line[], dropId: string) {
    const truth = await ledger(dropId);
    for (const line of lines) {
      const moved = truth.get(line.variantId) ?? { held: 0, sold: 0 };
      expect({ held: line.held, sold: line.sold }).toEqual({ held: moved.held, sold: moved.sold });
      expect(line.available).toBe(line.allocated - moved.held - moved.sold);
    }
  }

  it('shows per-line allocated / held / sold / available as the ledger has them, with the gate agreeing', async () => {
    const admin = drop.admin;
    const monitor = await openSse(`${base}/admin/monitor/events`, { authorization: admin.bearer });
    streams.push(monitor);
    expect(monitor.status).toBe(200);
    await monitor.until((s) => s.events.some((e) => e.event === 'ready'));

    // Holds and a sale happen.
    const bought = await holdAndCheckout(ctx.app, fan, drop.id, drop.variantIds[0], 2);
    await ctx.payments.stripe.deliver(ctx.payments.stripe.pay(bought.sessionId)[0]);
    await orderReaches(ctx.db, bought.orderId, 'paid');
    for (let i = 0; i < 3; i++) {
      await placeHold(ctx.app, await createAccount(ctx.app, ctx.db), drop.id, drop.variantIds[1]);
    }

    const overview = await get(admin, '/admin/monitor/drops').expect(200);
    const seen = (overview.body as { drops: Drop[] }).drops.find((d) => d.id === drop.id);
    expect(seen).toBeDefined();
    expect(seen?.gateReady).toBe(true);
    await expectFiguresMatchLedger(seen!.lines, drop.id);
    const byVariant = new Map(seen!.lines.map((l) => [l.variantId, l]));
    expect(byVariant.get(drop.variantIds[0])).toMatchObject({
      allocated: 6,
      held: 0,
      sold: 2,
      available: 4,
    });
    expect(byVariant.get(drop.variantIds[1])).toMatchObject({
      allocated: 4,
      held: 3,
      sold: 0,
      available: 1,
    });
    for (const line of seen!.lines) {
      expect(line.gateAvailable).toBe(line.available);
      expect(line.drift).toBe(0);
    }
    // Another collective's drop is on the admin's screen too.
    expect((overview.body as { drops: Drop[] }).drops.map((d) => d.id)).toContain(other.id);

    const detail = await get(admin, `/admin/monitor/drops/${drop.id}`).expect(200);
    const body = detail.body as Drop & {
      series: { points: Array<{ second: number; holds: number; sales: number }> };
      expiring: { holds: number; units: number };
    };
    await expectFiguresMatchLedger(body.lines, drop.id);
    const holds = body.series.points.reduce((n, p) => n + p.holds, 0);
    const sales = body.series.points.reduce((n, p) => n + p.sales, 0);
    expect({ holds, sales }).toEqual({ holds: 2 + 3, sales: 2 });
    expect(body.series.points.every((p, i, all) => i === 0 || p.second > all[i - 1].second)).toBe(
      true,
    );
    // Holds last ten minutes: within the next hour, every active one expires.
    const soon = await get(
      admin,
      `/admin/monitor/drops/${drop.id}?expiringWithinSeconds=3600`,
    ).expect(200);
    expect((soon.body as typeof body).expiring).toMatchObject({ holds: 3, units: 3 });

    // The one stream carried this drop's changes.
    await monitor.until((s) =>
      dataOf<{ dropId: string; lines?: Line[] }>(s, 'drop').some(
        (e) =>
          e.dropId === drop.id &&
          e.lines?.some((l) => l.variantId === drop.variantIds[1] && l.held === 3),
      ),
    );
  });

  it('measures drift between the Redis gate and Postgres, and says since when', async () => {
    const redis = ctx.app.get<Redis>(REDIS);
    await redis.hincrby(`inv:{drop:${drop.id}}:avail`, drop.variantIds[1], -1);
    const first = await get(drop.admin, '/admin/monitor/drops').expect(200);
    const line = (
      first.body as { drops: Array<Drop & { lines: Array<Line & { driftSince: string | null }> }> }
    ).drops
      .find((d) => d.id === drop.id)!
      .lines.find((l) => l.variantId === drop.variantIds[1])!;
    expect(line.drift).toBe(-1);
    expect(line.driftSince).not.toBeNull();
    await redis.hincrby(`inv:{drop:${drop.id}}:avail`, drop.variantIds[1], 1);
    const again = await get(drop.admin, '/admin/monitor/drops').expect(200);
    const healed = (
      again.body as { drops: Array<Drop & { lines: Array<Line & { driftSince: string | null }> }> }
    ).drops
      .find((d) => d.id === drop.id)!
      .lines.find((l) => l.variantId === drop.variantIds[1])!;
    expect({ drift: healed.drift, driftSince: healed.driftSince }).toEqual({
      drift: 0,
      driftSince: null,
    });
  });

  it("shows the collective's staff their own drops only, and the payment pipeline", async () => {
    const mine = await get(staff, `/collectives/${drop.collective}/monitor/drops`).expect(200);
    expect((mine.body as { drops: Drop[] }).drops.map((d) => d.id)).toEqual([drop.id]);
    await get(staff, `/collectives/${drop.collective}/monitor/drops/${drop.id}`).expect(200);
    await get(staff, `/collectives/${drop.collective}/monitor/drops/${other.id}`).expect(404);
    const pipeline = await get(staff, `/collectives/${drop.collective}/monitor/payments`).expect(
      200,
    );
    expect(pipeline.body).toMatchObject({ events: null, orders: { refundFailed: 0, disputed: 0 } });
    const platform = await get(drop.admin, '/admin/monitor/payments').expect(200);
    expect(
      (platform.body as { events: { receivedLastHour: number } }).events.receivedLastHour,
    ).toBeGreaterThan(0);
    const queues = await get(drop.admin, '/admin/monitor/queues').expect(200);
    expect((queues.body as { queues: Array<{ name: string }> }).queues.map((q) => q.name)).toEqual(
      expect.arrayContaining(['holds', 'payments', 'notifications', 'anomalies']),
    );
  });

  it('refuses fans and foreign staff, on figures and streams alike', async () => {
    for (const path of [
      '/admin/monitor/drops',
      `/admin/monitor/drops/${drop.id}`,
      '/admin/monitor/payments',
      '/admin/monitor/queues',
      '/admin/anomalies',
    ]) {
      await get(fan, path).expect(403);
      await get(staff, path).expect(403);
    }
    for (const path of ['drops', `drops/${drop.id}`, 'payments', 'anomalies']) {
      await get(fan, `/collectives/${drop.collective}/monitor/${path}`).expect(403);
      await get(other.owner, `/collectives/${drop.collective}/monitor/${path}`).expect(403);
    }
    await request(ctx.app.getHttpServer()).get('/admin/monitor/drops').expect(401);
    const refused = await openSse(`${base}/admin/monitor/events`, { authorization: fan.bearer });
    streams.push(refused);
    expect(refused.status).toBe(403);
    const foreign = await openSse(`${base}/collectives/${drop.collective}/monitor/events`, {
      authorization: other.owner.bearer,
    });
    streams.push(foreign);
    expect(foreign.status).toBe(403);
  });

  it("a collective's stream carries its own drops and not another collective's", async () => {
    const own = await openSse(`${base}/collectives/${drop.collective}/monitor/events`, {
      authorization: staff.bearer,
    });
    streams.push(own);
    expect(own.status).toBe(200);
    await own.until((s) => s.events.some((e) => e.event === 'ready'));
    // The admin's stream (the first test's) sees the other collective's change first; only then
    // does this collective's drop move, so its frame arrives after the other's would have.
    const admins = streams[0];
    await placeHold(ctx.app, await createAccount(ctx.app, ctx.db), other.id, other.variantIds[0]);
    await admins.until((s) =>
      dataOf<{ dropId: string }>(s, 'drop').some((e) => e.dropId === other.id),
    );
    await placeHold(ctx.app, await createAccount(ctx.app, ctx.db), drop.id, drop.variantIds[0]);
    await own.until((s) => dataOf<{ dropId: string }>(s, 'drop').some((e) => e.dropId === drop.id));
    await admins.until(
      (s) => dataOf<{ dropId: string }>(s, 'drop').filter((e) => e.dropId === drop.id).length >= 2,
    );
    expect(dataOf<{ dropId: string }>(own, 'drop').every((e) => e.dropId === drop.id)).toBe(true);
  });
});
