import './support/env/payments-offline';
import { createAccount, type TestAccount } from './support/accounts';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import {
  allEventsProcessed,
  holdAndCheckout,
  holdStatus,
  orderReaches,
  orderRow,
} from './support/payments';
import { eventually, useApiOnTestDatabase } from './support/test-app';

describe('payment events in any order: order states only move forward', () => {
  const ctx = useApiOnTestDatabase({ worker: true, payments: true });
  let drop: LiveDrop;

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [10] });
  });

  const outcomeOf = (eventId: unknown) =>
    eventually(async () => {
      const { rows } = await ctx.db.query<{ outcome: string | null }>(
        'SELECT outcome FROM payment_events WHERE event_id = $1',
        [eventId],
      );
      return rows[0]?.outcome ?? undefined;
    });
  const confirmations = (fan: TestAccount) =>
    ctx.payments.mail.to(fan.email).filter((m) => m.subject.startsWith('Order confirmed'));

  it('an `expired` that arrives after `completed` changes nothing', async () => {
    const fan = await createAccount(ctx.app, ctx.db);
    const started = await holdAndCheckout(ctx.app, fan, drop.id, drop.variantIds[0]);
    const [completed] = ctx.payments.stripe.pay(started.sessionId);
    // Made up on purpose: Stripe would not send it, a replayed or misrouted event might.
    const expired = ctx.payments.stripe.store.fabricateSessionEvent(
      'checkout.session.expired',
      started.sessionId,
      { status: 'expired', payment_status: 'unpaid', url: null },
    );
    await ctx.payments.stripe.deliver(completed);
    await orderReaches(ctx.db, started.orderId, 'paid');
    await ctx.payments.stripe.deliver(expired);

    expect(await outcomeOf(expired.id)).toBe('no-change');
    expect((await orderRow(ctx.db, started.orderId)).status).toBe('paid');
    expect(await holdStatus(ctx.db, started.holdId)).toBe('converted');
  });

  it('`async_payment_succeeded` before `completed`: paid once, the late `completed` is a no-op', async () => {
    const fan = await createAccount(ctx.app, ctx.db);
    const started = await holdAndCheckout(ctx.app, fan, drop.id, drop.variantIds[0]);
    const [completedUnpaid] = ctx.payments.stripe.payLate(started.sessionId);
    const [succeeded] = ctx.payments.stripe.settle(started.sessionId, true);

    await ctx.payments.stripe.deliver(succeeded);
    await orderReaches(ctx.db, started.orderId, 'paid');
    await ctx.payments.stripe.deliver(completedUnpaid);

    expect(await outcomeOf(succeeded.id)).toBe('order-paid');
    expect(await outcomeOf(completedUnpaid.id)).toBe('no-change');
    expect((await orderRow(ctx.db, started.orderId)).status).toBe('paid');
    expect(await holdStatus(ctx.db, started.holdId)).toBe('converted');
    await eventually(() => Promise.resolve(confirmations(fan).length === 1 ? true : undefined));
  });

  it('`expired` before `completed` for a session that did expire: the order expires, the hold stays until its time', async () => {
    const fan = await createAccount(ctx.app, ctx.db);
    const started = await holdAndCheckout(ctx.app, fan, drop.id, drop.variantIds[0]);
    const [expired] = ctx.payments.stripe.abandon(started.sessionId);
    await ctx.payments.stripe.deliver(expired);
    await orderReaches(ctx.db, started.orderId, 'expired');
    expect(await holdStatus(ctx.db, started.holdId)).toBe('active');
  });

  it('a delayed payment that fails after completing leaves the order failed and sells nothing', async () => {
    const fan = await createAccount(ctx.app, ctx.db);
    const started = await holdAndCheckout(ctx.app, fan, drop.id, drop.variantIds[0]);
    const [completedUnpaid] = ctx.payments.stripe.payLate(started.sessionId);
    const [failed] = ctx.payments.stripe.settle(started.sessionId, false);
    await ctx.payments.stripe.deliver(failed);
    // The worker applies events several at a time, so a `completed` delivered before the
    // `failed` is applied may win the order's lock: wait, to test the order of application.
    await orderReaches(ctx.db, started.orderId, 'payment_failed');
    await ctx.payments.stripe.deliver(completedUnpaid);
    await allEventsProcessed(ctx.db);
    expect((await orderRow(ctx.db, started.orderId)).status).toBe('payment_failed');
    expect(await outcomeOf(completedUnpaid.id)).toBe('no-change');
    const { rows } = await ctx.db.query(`SELECT kind FROM inventory_movements WHERE hold_id = $1`, [
      started.holdId,
    ]);
    expect(rows).toEqual([{ kind: 'hold' }]);
  });

  it('a delayed payment whose `completed` and `failed` are applied side by side ends failed, selling nothing', async () => {
    const fan = await createAccount(ctx.app, ctx.db);
    const started = await holdAndCheckout(ctx.app, fan, drop.id, drop.variantIds[0]);
    const [completedUnpaid] = ctx.payments.stripe.payLate(started.sessionId);
    const [failed] = ctx.payments.stripe.settle(started.sessionId, false);
    await Promise.all([
      ctx.payments.stripe.deliver(failed),
      ctx.payments.stripe.deliver(completedUnpaid),
    ]);
    await allEventsProcessed(ctx.db);
    expect((await orderRow(ctx.db, started.orderId)).status).toBe('payment_failed');
    expect(await outcomeOf(failed.id)).toBe('payment_failed');
    // Applied first, `completed` moves the order to wait for the payment; applied second, it is a no-op.
    expect(['awaiting_async_payment', 'no-change']).toContain(await outcomeOf(completedUnpaid.id));
    const { rows } = await ctx.db.query(`SELECT kind FROM inventory_movements WHERE hold_id = $1`, [
      started.holdId,
    ]);
    expect(rows).toEqual([{ kind: 'hold' }]);
  });

  it('a dispute marks a paid order disputed; a refund made in the Stripe Dashboard marks it refunded', async () => {
    const fan = await createAccount(ctx.app, ctx.db);
    const disputed = await holdAndCheckout(ctx.app, fan, drop.id, drop.variantIds[0]);
    await ctx.payments.stripe.deliver(ctx.payments.stripe.pay(disputed.sessionId)[0]);
    await orderReaches(ctx.db, disputed.orderId, 'paid');
    await ctx.payments.stripe.deliver(ctx.payments.stripe.dispute(disputed.sessionId)[0]);
    await orderReaches(ctx.db, disputed.orderId, 'disputed');

    const other = await createAccount(ctx.app, ctx.db);
    const refunded = await holdAndCheckout(ctx.app, other, drop.id, drop.variantIds[0]);
    await ctx.payments.stripe.deliver(ctx.payments.stripe.pay(refunded.sessionId)[0]);
    await orderReaches(ctx.db, refunded.orderId, 'paid');
    const intent = String(
      ctx.payments.stripe.store.sessions.get(refunded.sessionId)?.payment_intent,
    );
    ctx.payments.stripe.store.createRefund({ payment_intent: intent });
    for (const event of ctx.payments.stripe.eventsOfType('charge.refunded')) {
      await ctx.payments.stripe.deliver(event);
    }
    const row = await orderReaches(ctx.db, refunded.orderId, 'refunded');
    expect(row.refund_reason).toBe('provider');
    const { rows: audit } = await ctx.db.query(
      `SELECT action, actor_user_id FROM audit_events WHERE target_id = $1`,
      [refunded.orderId],
    );
    expect(audit).toEqual([{ action: 'order.refund', actor_user_id: null }]);
  });
});
