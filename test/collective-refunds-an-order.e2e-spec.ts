import './support/env/payments-offline';
import { REDIS } from '@limited-run/platform';
import type Redis from 'ioredis';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { addMember } from './support/collectives';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { type HeldCheckout, holdAndCheckout, orderReaches } from './support/payments';
import { eventually, useApiOnTestDatabase } from './support/test-app';

describe('a collective refunds an order: Stripe, ledger, counters and audit log agree', () => {
  const ctx = useApiOnTestDatabase({ worker: true, payments: true });
  let drop: LiveDrop;
  let staff: TestAccount;

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [10], perCustomerLimit: 2 });
    staff = await createAccount(ctx.app, ctx.db);
    await addMember(ctx.app, drop.owner, drop.collective, staff, 'staff');
  });

  const http = () => request(ctx.app.getHttpServer());
  const refund = (who: TestAccount, orderId: string, body: object) =>
    http()
      .post(`/collectives/${drop.collective}/orders/${orderId}/refund`)
      .set('authorization', who.bearer)
      .send(body);

  /** A fan who bought two numbered units and paid. */
  async function paidOrder(): Promise<{ fan: TestAccount; order: HeldCheckout }> {
    const fan = await createAccount(ctx.app, ctx.db);
    const order = await holdAndCheckout(ctx.app, fan, drop.id, drop.variantIds[0], 2);
    await ctx.payments.stripe.deliver(ctx.payments.stripe.pay(order.sessionId)[0]);
    await orderReaches(ctx.db, order.orderId, 'paid');
    return { fan, order };
  }

  /** The three views of the line: Postgres counters, the ledger, and the Redis admission gate. */
  async function counters() {
    const { rows } = await ctx.db.query<{ held: number; sold: number; allocated: number }>(
      `SELECT held, sold, quantity_allocated AS allocated FROM drop_lines WHERE drop_id = $1`,
      [drop.id],
    );
    const { rows: ledger } = await ctx.db.query<{ held: number; sold: number }>(
      `SELECT coalesce(sum(CASE kind WHEN 'hold' THEN quantity
                                     WHEN 'release' THEN -quantity WHEN 'expire' THEN -quantity
                                     WHEN 'sell' THEN -quantity ELSE 0 END), 0)::int
                + coalesce(sum(CASE WHEN kind = 'sell' AND hold_id NOT IN
                                 (SELECT hold_id FROM inventory_movements WHERE kind = 'hold' AND hold_id IS NOT NULL)
                               THEN quantity ELSE 0 END), 0)::int AS held,
              coalesce(sum(CASE kind WHEN 'sell' THEN quantity WHEN 'refund' THEN -quantity ELSE 0 END), 0)::int AS sold
         FROM inventory_movements WHERE drop_id = $1`,
      [drop.id],
    );
    const redis = ctx.app.get<Redis>(REDIS);
    const gate = await redis.hget(`inv:{drop:${drop.id}}:avail`, drop.variantIds[0]);
    return {
      postgres: rows[0],
      ledger: ledger[0],
      gateAvailable: gate === null ? null : Number(gate),
    };
  }

  it('owner refunds in full and returns the units: one Stripe refund, a refund movement, counters and audit agree', async () => {
    const { fan, order } = await paidOrder();
    expect(await counters()).toEqual({
      postgres: { held: 0, sold: 2, allocated: 10 },
      ledger: { held: 0, sold: 2 },
      gateAvailable: 8,
    });

    const res = await refund(drop.owner, order.orderId, { returnUnitsToDrop: true }).expect(200);
    expect(res.body).toMatchObject({
      id: order.orderId,
      status: 'refunded',
      refundReason: 'collective',
      serials: [],
      buyer: { userId: fan.id, email: fan.email },
    });

    const intent = ctx.payments.stripe.store.sessions.get(order.sessionId)?.payment_intent;
    const refunds = [...ctx.payments.stripe.store.refunds.values()].filter(
      (r) => r.payment_intent === intent,
    );
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: 6000, reason: 'requested_by_customer' });

    expect(await counters()).toEqual({
      postgres: { held: 0, sold: 0, allocated: 10 },
      ledger: { held: 0, sold: 0 },
      gateAvailable: 10,
    });
    const { rows: movements } = await ctx.db.query(
      `SELECT kind, quantity, actor_user_id FROM inventory_movements WHERE hold_id = $1 ORDER BY id`,
      [order.holdId],
    );
    expect(movements).toEqual([
      { kind: 'hold', quantity: 2, actor_user_id: fan.id },
      { kind: 'sell', quantity: 2, actor_user_id: fan.id },
      { kind: 'refund', quantity: 2, actor_user_id: drop.owner.id },
    ]);

    const { rows: audit } = await ctx.db.query(
      `SELECT action, actor_user_id, collective_id IS NOT NULL AS scoped, before, after
         FROM audit_events WHERE target_type = 'order' AND target_id = $1`,
      [order.orderId],
    );
    expect(audit).toEqual([
      {
        action: 'order.refund',
        actor_user_id: drop.owner.id,
        scoped: true,
        before: { status: 'paid' },
        after: {
          status: 'refund_pending',
          returnUnitsToDrop: true,
          amountMinor: 6000,
          currency: 'EUR',
        },
      },
    ]);

    // The numbers are freed: the certificates no longer verify.
    await http().get(`/editions/${drop.variantIds[0]}/serials/1`).expect(404);
    await eventually(() =>
      Promise.resolve(
        ctx.payments.mail.to(fan.email).some((m) => m.subject.startsWith('Refund'))
          ? true
          : undefined,
      ),
    );
    expect(
      ctx.payments.mail.to(fan.email).find((m) => m.subject.startsWith('Refund'))?.text,
    ).toContain('The collective refunded your order in full.');

    // A second refund of the same order is refused and changes nothing.
    const again = await refund(drop.owner, order.orderId, { returnUnitsToDrop: true }).expect(409);
    expect(again.body.error.code).toBe('ORDER_NOT_REFUNDABLE');
    expect(refunds).toHaveLength(1);
  });

  it('refunds without returning the units: they stay sold, no refund movement', async () => {
    const { order } = await paidOrder();
    const before = await counters();
    await refund(drop.admin, order.orderId, { returnUnitsToDrop: false }).expect(200);
    expect(await counters()).toEqual(before);
    const { rows } = await ctx.db.query(
      `SELECT kind FROM inventory_movements WHERE hold_id = $1 AND kind = 'refund'`,
      [order.holdId],
    );
    expect(rows).toEqual([]);
  });

  it('refuses staff, fans and bad bodies, and writes nothing', async () => {
    const { fan, order } = await paidOrder();
    const snapshot = async () =>
      (
        await ctx.db.query(
          `SELECT (SELECT status FROM orders WHERE id = $1) AS status,
                  (SELECT count(*)::int FROM audit_events WHERE target_id = $1::text) AS audit,
                  (SELECT count(*)::int FROM inventory_movements) AS movements`,
          [order.orderId],
        )
      ).rows[0];
    const before = await snapshot();
    expect((await refund(staff, order.orderId, { returnUnitsToDrop: true })).status).toBe(403);
    expect((await refund(fan, order.orderId, { returnUnitsToDrop: true })).status).toBe(403);
    const invalid = await refund(drop.owner, order.orderId, {}).expect(400);
    expect(invalid.body.error.code).toBe('VALIDATION_FAILED');
    await refund(drop.owner, order.orderId, { returnUnitsToDrop: 'yes' }).expect(400);
    const unknown = await refund(drop.owner, '00000000-0000-4000-8000-000000000000', {
      returnUnitsToDrop: true,
    }).expect(404);
    expect(unknown.body.error.code).toBe('ORDER_NOT_FOUND');
    expect(await snapshot()).toEqual(before);
    expect(ctx.payments.stripe.requestsTo('POST', '/v1/refunds').length).toBe(2);
  });

  it('Stripe unreachable at refund time: answered refund_pending, completed by the worker once Stripe is back', async () => {
    const { order } = await paidOrder();
    ctx.payments.stripe.injectFault({ method: 'POST', path: '/v1/refunds', status: 503, times: 3 });
    const res = await refund(drop.owner, order.orderId, { returnUnitsToDrop: true }).expect(200);
    expect(res.body.status).toBe('refund_pending');
    await orderReaches(ctx.db, order.orderId, 'refunded');
    const keys = ctx.payments.stripe
      .requestsTo('POST', '/v1/refunds')
      .filter((r) => r.idempotencyKey === `refund:${order.sessionId}`);
    expect(keys.map((r) => r.status)).toEqual([503, 503, 503, 200]);
  });

  it('staff list the collective’s orders with buyers; fans see only their own, without buyers', async () => {
    const listed = await http()
      .get(`/collectives/${drop.collective}/orders?status=refunded`)
      .set('authorization', staff.bearer)
      .expect(200);
    expect(listed.body.total).toBe(3);
    expect(listed.body.orders.every((o: { buyer?: unknown }) => o.buyer)).toBe(true);
    const { fan } = await paidOrder();
    const mine = await http().get('/me/orders').set('authorization', fan.bearer).expect(200);
    expect(mine.body.orders).toHaveLength(1);
    expect(mine.body.orders[0]).not.toHaveProperty('buyer');
  });
});
