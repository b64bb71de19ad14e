import './support/env/payments-offline';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import { createAccount, type TestAccount } from './support/accounts';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import {
  allEventsProcessed,
  holdAndCheckout,
  holdStatus,
  orderReaches,
  orderRow,
  type PaymentsHarness,
  startPaymentsHarness,
} from './support/payments';
import {
  connectTestDatabase,
  createTestDatabase,
  eventually,
  startApi,
  startWorker,
} from './support/test-app';

describe('payment events in any order: order states only move forward', () => {
  let api: NestFastifyApplication;
  let worker: NestFastifyApplication;
  let db: Client;
  let payments: PaymentsHarness;
  let drop: LiveDrop;

  beforeAll(async () => {
    await createTestDatabase();
    db = await connectTestDatabase();
    api = await startApi();
    worker = await startWorker();
    payments = await startPaymentsHarness(api);
    drop = await openLiveDrop(api, db, { units: [10] });
  });
  afterAll(async () => {
    await payments?.stop();
    await worker?.close();
    await api?.close();
    await db?.end();
  });

  const outcomeOf = (eventId: unknown) =>
    eventually(async () => {
      const { rows } = await db.query<{ outcome: string | null }>(
        'SELECT outcome FROM payment_events WHERE event_id = $1',
        [eventId],
      );
      return rows[0]?.outcome ?? undefined;
    });
  const confirmations = (fan: TestAccount) =>
    payments.mail.to(fan.email).filter((m) => m.subject.startsWith('Order confirmed'));

  it('an `expired` that arrives after `completed` changes nothing', async () => {
    const fan = await createAccount(api, db);
    const started = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]);
    const [completed] = payments.stripe.pay(started.sessionId);
    // Made up on purpose: Stripe would not send it, a replayed or misrouted event might.
    const expired = payments.stripe.store.fabricateSessionEvent(
      'checkout.session.expired',
      started.sessionId,
      { status: 'expired', payment_status: 'unpaid', url: null },
    );
    await payments.stripe.deliver(completed);
    await orderReaches(db, started.orderId, 'paid');
    await payments.stripe.deliver(expired);

    expect(await outcomeOf(expired.id)).toBe('no-change');
    expect((await orderRow(db, started.orderId)).status).toBe('paid');
    expect(await holdStatus(db, started.holdId)).toBe('converted');
  });

  it('`async_payment_succeeded` before `completed`: paid once, the late `completed` is a no-op', async () => {
    const fan = await createAccount(api, db);
    const started = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]);
    const [completedUnpaid] = payments.stripe.payLate(started.sessionId);
    const [succeeded] = payments.stripe.settle(started.sessionId, true);

    await payments.stripe.deliver(succeeded);
    await orderReaches(db, started.orderId, 'paid');
    await payments.stripe.deliver(completedUnpaid);

    expect(await outcomeOf(succeeded.id)).toBe('order-paid');
    expect(await outcomeOf(completedUnpaid.id)).toBe('no-change');
    expect((await orderRow(db, started.orderId)).status).toBe('paid');
    expect(await holdStatus(db, started.holdId)).toBe('converted');
    await eventually(() => Promise.resolve(confirmations(fan).length === 1 ? true : undefined));
  });

  it('`expired` before `completed` for a session that did expire: the order expires, the hold stays until its time', async () => {
    const fan = await createAccount(api, db);
    const started = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]);
    const [expired] = payments.stripe.abandon(started.sessionId);
    await payments.stripe.deliver(expired);
    await orderReaches(db, started.orderId, 'expired');
    expect(await holdStatus(db, started.holdId)).toBe('active');
  });

  it('a delayed payment that fails after completing leaves the order failed and sells nothing', async () => {
    const fan = await createAccount(api, db);
    const started = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]);
    const [completedUnpaid] = payments.stripe.payLate(started.sessionId);
    const [failed] = payments.stripe.settle(started.sessionId, false);
    await payments.stripe.deliver(failed);
    await payments.stripe.deliver(completedUnpaid);
    await allEventsProcessed(db);
    expect((await orderRow(db, started.orderId)).status).toBe('payment_failed');
    expect(await outcomeOf(completedUnpaid.id)).toBe('no-change');
    const { rows } = await db.query(`SELECT kind FROM inventory_movements WHERE hold_id = $1`, [
      started.holdId,
    ]);
    expect(rows).toEqual([{ kind: 'hold' }]);
  });

  it('a dispute marks a paid order disputed; a refund made in the Stripe Dashboard marks it refunded', async () => {
    const fan = await createAccount(api, db);
    const disputed = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]);
    await payments.stripe.deliver(payments.stripe.pay(disputed.sessionId)[0]);
    await orderReaches(db, disputed.orderId, 'paid');
    await payments.stripe.deliver(payments.stripe.dispute(disputed.sessionId)[0]);
    await orderReaches(db, disputed.orderId, 'disputed');

    const other = await createAccount(api, db);
    const refunded = await holdAndCheckout(api, other, drop.id, drop.variantIds[0]);
    await payments.stripe.deliver(payments.stripe.pay(refunded.sessionId)[0]);
    await orderReaches(db, refunded.orderId, 'paid');
    const intent = String(payments.stripe.store.sessions.get(refunded.sessionId)?.payment_intent);
    payments.stripe.store.createRefund({ payment_intent: intent });
    for (const event of payments.stripe.eventsOfType('charge.refunded')) {
      await payments.stripe.deliver(event);
    }
    const row = await orderReaches(db, refunded.orderId, 'refunded');
    expect(row.refund_reason).toBe('provider');
    const { rows: audit } = await db.query(
      `SELECT action, actor_user_id FROM audit_events WHERE target_id = $1`,
      [refunded.orderId],
    );
    expect(audit).toEqual([{ action: 'order.refund', actor_user_id: null }]);
  });
});
