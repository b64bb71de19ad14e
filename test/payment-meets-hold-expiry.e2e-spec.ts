import './support/env/payments-offline';
import { OrderPayments, OrderRefunds } from '@limited-run/checkout';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import { createAccount, type TestAccount } from './support/accounts';
import { sweepHoldsNow } from './support/hold-sweep';
import { openLiveDrop } from './support/live-drop';
import {
  holdAndCheckout,
  holdStatus,
  orderReaches,
  orderRow,
  type PaymentsHarness,
  runOutHold,
} from './support/payments';
import { eventually, useApiOnTestDatabase } from './support/test-app';

describe('a payment meets the end of its hold: expire first, sell if possible, else refund once', () => {
  // Two worker processes' worth of consumers on the same queues.
  const stack = useApiOnTestDatabase({ workers: 2, payments: true });
  let api: NestFastifyApplication;
  let workers: NestFastifyApplication[];
  let db: Client;
  let payments: PaymentsHarness;
  beforeAll(() => {
    ({ app: api, workers, db, payments } = stack);
  });

  /** The hold-expiry sweep, as the worker runs it. */
  const sweepHolds = () => sweepHoldsNow(workers[0]);
  const mailsTo = (fan: TestAccount, subject: string) =>
    payments.mail.to(fan.email).filter((m) => m.subject.startsWith(subject));
  const line = async (dropId: string) =>
    (
      await db.query<{ held: number; sold: number }>(
        'SELECT held, sold FROM drop_lines WHERE drop_id = $1',
        [dropId],
      )
    ).rows[0];
  const refundsOf = (sessionId: string) => {
    const intent = payments.stripe.store.sessions.get(sessionId)?.payment_intent;
    return [...payments.stripe.store.refunds.values()].filter((r) => r.payment_intent === intent);
  };

  it('a hold that runs out ends its Stripe session first; the fan can no longer pay', async () => {
    const drop = await openLiveDrop(api, db, { units: [1] });
    const fan = await createAccount(api, db);
    const started = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]);

    await runOutHold(db, started.holdId);
    await sweepHolds();

    expect(await holdStatus(db, started.holdId)).toBe('expired');
    expect(payments.stripe.store.sessions.get(started.sessionId)?.status).toBe('expired');
    expect((await orderRow(db, started.orderId)).status).toBe('expired');
    expect(() => payments.stripe.pay(started.sessionId)).toThrow(/no longer be paid/);
    expect(await line(drop.id)).toEqual({ held: 0, sold: 0 });
  });

  it('Stripe unreachable when the hold runs out: the hold is kept, and released once Stripe answers', async () => {
    const drop = await openLiveDrop(api, db, { units: [1] });
    const fan = await createAccount(api, db);
    const started = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]);
    await runOutHold(db, started.holdId);
    payments.stripe.injectFault({ path: '/v1/checkout/sessions/', status: 503, times: 100 });
    await sweepHolds();
    expect(await holdStatus(db, started.holdId)).toBe('active');
    expect(payments.stripe.store.sessions.get(started.sessionId)?.status).toBe('open');

    payments.stripe.clearFaults();
    await sweepHolds();
    expect(await holdStatus(db, started.holdId)).toBe('expired');
    expect(payments.stripe.store.sessions.get(started.sessionId)?.status).toBe('expired');
  });

  it('the hold timer fires while the fan is paying: expire fails (completed) → paid, no refund', async () => {
    const drop = await openLiveDrop(api, db, { units: [1] });
    const fan = await createAccount(api, db);
    const started = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]);
    // The fan pays; Stripe's webhook is still on its way when the hold runs out.
    const [completed] = payments.stripe.pay(started.sessionId);
    await runOutHold(db, started.holdId);
    await sweepHolds();

    const expiries = payments.stripe.requestsTo(
      'POST',
      `/v1/checkout/sessions/${started.sessionId}/expire`,
    );
    expect(expiries.map((r) => r.status)).toEqual([400]);
    expect(await holdStatus(db, started.holdId)).toBe('converted');
    expect((await orderRow(db, started.orderId)).status).toBe('paid');

    // The webhook arrives afterwards and finds the work done.
    expect((await payments.stripe.deliver(completed)).status).toBe(200);
    await eventually(async () => {
      const { rows } = await db.query<{ outcome: string | null }>(
        'SELECT outcome FROM payment_events WHERE event_id = $1',
        [completed.id],
      );
      return rows[0]?.outcome ?? undefined;
    }).then((outcome) => expect(outcome).toBe('already-applied'));

    expect(refundsOf(started.sessionId)).toHaveLength(0);
    expect(await line(drop.id)).toEqual({ held: 0, sold: 1 });
    const { rows: ledger } = await db.query(
      'SELECT kind FROM inventory_movements WHERE hold_id = $1 ORDER BY id',
      [started.holdId],
    );
    expect(ledger).toEqual([{ kind: 'hold' }, { kind: 'sell' }]);
    await eventually(() =>
      Promise.resolve(mailsTo(fan, 'Order confirmed').length === 1 ? true : undefined),
    );
  });

  it('paid after the hold was released and the drop sold out: exactly one refund, also with redelivery and two workers at once', async () => {
    const drop = await openLiveDrop(api, db, { units: [1] });
    const [late, other] = [await createAccount(api, db), await createAccount(api, db)];
    const lateCheckout = await holdAndCheckout(api, late, drop.id, drop.variantIds[0]);
    // A delayed method: the session completes unpaid; at the end of the hold the payment is not
    // money yet, so the units go back on sale and someone else buys them.
    await payments.stripe.deliver(payments.stripe.payLate(lateCheckout.sessionId)[0]);
    await orderReaches(db, lateCheckout.orderId, 'awaiting_async_payment');
    await runOutHold(db, lateCheckout.holdId);
    await sweepHolds();
    expect(await holdStatus(db, lateCheckout.holdId)).toBe('expired');

    const otherCheckout = await holdAndCheckout(api, other, drop.id, drop.variantIds[0]);
    await payments.stripe.deliver(payments.stripe.pay(otherCheckout.sessionId)[0]);
    await orderReaches(db, otherCheckout.orderId, 'paid');
    expect(await line(drop.id)).toEqual({ held: 0, sold: 1 });

    // Days later the delayed payment settles: nothing is left to sell.
    const [settled] = payments.stripe.settle(lateCheckout.sessionId, true);
    expect((await payments.stripe.deliver(settled)).status).toBe(200);
    // Two workers apply the stored event at the same moment (a Bull job may be a third).
    const outcomes = await Promise.all(
      workers.map((worker) => worker.get(OrderPayments).processEvent(String(settled.id))),
    );
    expect(outcomes.filter((o) => o === 'refund-requested').length).toBeLessThanOrEqual(1);
    for (let i = 0; i < 2; i++) expect((await payments.stripe.deliver(settled)).status).toBe(200);
    // And two workers execute the refund at the same moment.
    await Promise.all(
      workers.map((worker) => worker.get(OrderRefunds).execute(lateCheckout.orderId)),
    );

    const refunded = await orderReaches(db, lateCheckout.orderId, 'refunded');
    expect(refunded.refund_reason).toBe('units_gone');
    const refunds = refundsOf(lateCheckout.sessionId);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: 3000, status: 'succeeded' });
    expect(refunded.stripe_refund_id).toBe(refunds[0].id);
    const attempts = payments.stripe.requestsTo('POST', '/v1/refunds');
    expect(new Set(attempts.map((a) => a.idempotencyKey))).toEqual(
      new Set([`refund:${lateCheckout.sessionId}`]),
    );

    const { rows: stored } = await db.query<{ outcome: string }>(
      `SELECT outcome FROM payment_events WHERE event_id = $1`,
      [settled.id],
    );
    expect(stored).toEqual([{ outcome: 'refund-requested' }]);
    // The other fan's sale stands; the late fan got no units and no number.
    expect(await line(drop.id)).toEqual({ held: 0, sold: 1 });
    const { rows: serials } = await db.query('SELECT 1 FROM order_serials WHERE order_id = $1', [
      lateCheckout.orderId,
    ]);
    expect(serials).toHaveLength(0);

    await eventually(() =>
      Promise.resolve(mailsTo(late, 'Refund').length === 1 ? true : undefined),
    );
    expect(mailsTo(late, 'Refund')[0].text).toContain('every unit had been sold');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mailsTo(late, 'Refund')).toHaveLength(1);
    expect(mailsTo(late, 'Order confirmed')).toHaveLength(0);
  });

  it('paid after the hold ended with units still free: they are sold instead', async () => {
    const drop = await openLiveDrop(api, db, { units: [2] });
    const fan = await createAccount(api, db);
    const started = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]);
    await payments.stripe.deliver(payments.stripe.payLate(started.sessionId)[0]);
    await orderReaches(db, started.orderId, 'awaiting_async_payment');
    await runOutHold(db, started.holdId);
    await sweepHolds();
    expect(await line(drop.id)).toEqual({ held: 0, sold: 0 });

    await payments.stripe.deliver(payments.stripe.settle(started.sessionId, true)[0]);
    await orderReaches(db, started.orderId, 'paid');
    expect(refundsOf(started.sessionId)).toHaveLength(0);
    expect(await line(drop.id)).toEqual({ held: 0, sold: 1 });
    const { rows } = await db.query('SELECT serial FROM order_serials WHERE order_id = $1', [
      started.orderId,
    ]);
    expect(rows).toEqual([{ serial: 1 }]);
  });
});
