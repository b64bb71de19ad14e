import './support/env/payments-offline';
import { PaymentMismatchReporter } from '@limited-run/checkout';
import { createAccount } from './support/accounts';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { allEventsProcessed, holdAndCheckout, orderReaches } from './support/payments';
import { eventually, useApiOnTestDatabase } from './support/test-app';

describe('a signed payment whose amount or currency is not its order’s', () => {
  const ctx = useApiOnTestDatabase({ worker: true, payments: true });
  let drop: LiveDrop;
  let reported: jest.SpyInstance;

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [10] });
    reported = jest.spyOn(ctx.worker.get(PaymentMismatchReporter), 'reportPaymentMismatch');
  });
  beforeEach(() => reported.mockClear());

  const refundsFor = (paymentIntent: unknown) =>
    ctx.payments.stripe
      .requestsTo('POST', '/v1/refunds')
      .filter((r) => r.params.payment_intent === paymentIntent && r.status === 200 && !r.replayed);

  it.each([
    ['1 JPY for 3,000 EUR minor units', { amount_total: 1, currency: 'jpy' }],
    ['the right currency, a smaller amount', { amount_total: 1 }],
    ['the right amount, another currency', { currency: 'usd' }],
  ])(
    '%s: refunded once under the session’s key, never paid, audited, reported',
    async (_l, wrong) => {
      const fan = await createAccount(ctx.app, ctx.db);
      const started = await holdAndCheckout(ctx.app, fan, drop.id, drop.variantIds[0]);
      ctx.payments.stripe.pay(started.sessionId);
      const forged = ctx.payments.stripe.store.fabricateSessionEvent(
        'checkout.session.completed',
        started.sessionId,
        wrong,
      );
      const [soldBefore] = (
        await ctx.db.query<{ sold: number }>(
          'SELECT sold FROM drop_lines WHERE drop_id = $1 AND variant_id = $2',
          [drop.id, drop.variantIds[0]],
        )
      ).rows;
      await ctx.payments.stripe.deliver(forged);
      // A redelivery of the same event changes nothing more.
      await ctx.payments.stripe.deliver(forged);
      await allEventsProcessed(ctx.db);
      const order = await orderReaches(ctx.db, started.orderId, 'refunded');
      expect(order.paid_at).toBeNull();
      expect(order.refund_reason).toBe('payment_mismatch');

      const session = ctx.payments.stripe.store.sessions.get(started.sessionId);
      const refunds = await eventually(() => {
        const made = refundsFor(session?.payment_intent);
        return Promise.resolve(made.length > 0 ? made : undefined);
      });
      expect(refunds).toHaveLength(1);
      expect(refunds[0].idempotencyKey).toBe(`refund:${started.sessionId}`);

      const { rows: sold } = await ctx.db.query<{ sold: number }>(
        'SELECT sold FROM drop_lines WHERE drop_id = $1 AND variant_id = $2',
        [drop.id, drop.variantIds[0]],
      );
      expect(sold[0].sold).toBe(soldBefore.sold);
      const { rows: serials } = await ctx.db.query(
        'SELECT 1 FROM order_serials WHERE order_id = $1',
        [started.orderId],
      );
      expect(serials).toHaveLength(0);
      const { rows: audit } = await ctx.db.query<{ after: { received: unknown } }>(
        `SELECT after FROM audit_events WHERE action = 'order.payment_mismatch' AND target_id = $1`,
        [started.orderId],
      );
      expect(audit).toHaveLength(1);

      expect(reported).toHaveBeenCalledTimes(1);
      const [, mismatch] = reported.mock.calls[0] as [unknown, Record<string, unknown>];
      expect(mismatch).toMatchObject({ orderId: started.orderId, sessionId: started.sessionId });
      expect(JSON.stringify(mismatch)).not.toContain(fan.email);
      // Issue 12's last item, through issue 15's anomaly list: raised once, for the admins.
      const { rows: anomalies } = await ctx.db.query<{ kind: string; drop_id: string }>(
        `SELECT kind, drop_id FROM anomalies WHERE subject_type = 'order' AND subject_id = $1`,
        [started.orderId],
      );
      expect(anomalies).toEqual([{ kind: 'payment_mismatch', drop_id: drop.id }]);
    },
  );

  it('a payment through another session naming the order is refunded once, and the order still sells', async () => {
    const fan = await createAccount(ctx.app, ctx.db);
    const started = await holdAndCheckout(ctx.app, fan, drop.id, drop.variantIds[0]);
    const foreign = ctx.payments.stripe.store.createSession({
      mode: 'payment',
      line_items: [
        {
          quantity: '1',
          price_data: { currency: 'eur', unit_amount: '3000', product_data: { name: 'x' } },
        },
      ],
      metadata: { orderId: started.orderId },
    });
    const [paidForeign] = ctx.payments.stripe.pay(String(foreign.id));
    await ctx.payments.stripe.deliver(paidForeign);
    await ctx.payments.stripe.deliver(paidForeign);
    await allEventsProcessed(ctx.db);
    const intent = ctx.payments.stripe.store.sessions.get(String(foreign.id))?.payment_intent;
    const refunds = refundsFor(intent);
    expect(refunds).toHaveLength(1);
    expect(refunds[0].idempotencyKey).toBe(`refund:${String(foreign.id)}`);
    const order = await orderReaches(ctx.db, started.orderId, 'awaiting_payment');
    expect(order.paid_at).toBeNull();
    expect(reported).toHaveBeenCalledTimes(1);
    expect(reported.mock.calls[0][1]).toMatchObject({ field: 'session', orderId: started.orderId });

    // The order's own session still pays it.
    const [completed] = ctx.payments.stripe.pay(started.sessionId);
    await ctx.payments.stripe.deliver(completed);
    await orderReaches(ctx.db, started.orderId, 'paid');
  });

  it('a matching payment still pays its order', async () => {
    const fan = await createAccount(ctx.app, ctx.db);
    const started = await holdAndCheckout(ctx.app, fan, drop.id, drop.variantIds[0]);
    const [completed] = ctx.payments.stripe.pay(started.sessionId);
    await ctx.payments.stripe.deliver(completed);
    await orderReaches(ctx.db, started.orderId, 'paid');
    expect(reported).not.toHaveBeenCalled();
  });
});
