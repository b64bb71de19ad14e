import './support/env/payments-offline';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import {
  allEventsProcessed,
  checkout,
  holdAndCheckout,
  holdStatus,
  orderReaches,
  placeHold,
} from './support/payments';
import { eventually, useApiOnTestDatabase } from './support/test-app';

describe('hold → checkout → paid: one order, its serials, one email (real SDK, Postgres, Redis, Bull)', () => {
  const ctx = useApiOnTestDatabase({ worker: true, payments: true });
  let drop: LiveDrop;

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [250, 5], perCustomerLimit: 2 });
  });

  const confirmations = (fan: TestAccount) =>
    ctx.payments.mail.to(fan.email).filter((m) => m.subject.startsWith('Order confirmed'));

  it('creates the session from server prices under a key derived from the hold; a retry gets the same one', async () => {
    const fan = await createAccount(ctx.app, ctx.db);
    const started = await holdAndCheckout(ctx.app, fan, drop.id, drop.variantIds[1], 2);
    expect(started.checkoutUrl).toBe(`${ctx.payments.stripe.url}/checkout/${started.sessionId}`);

    const [sent] = ctx.payments.stripe.requestsTo('POST', '/v1/checkout/sessions').slice(-1);
    expect(sent.idempotencyKey).toMatch(new RegExp(`^checkout:${started.holdId}:\\d+$`));
    expect(sent.stripeVersion).toBe('2026-10-28.endive');
    expect(sent.params).toMatchObject({
      mode: 'payment',
      line_items: [{ quantity: '2', price_data: { currency: 'eur', unit_amount: '3000' } }],
      metadata: { holdId: started.holdId, orderId: started.orderId, dropId: drop.id },
      customer_email: fan.email,
    });
    const expiresAt = Number(sent.params.expires_at) * 1000;
    expect(expiresAt - Date.now()).toBeGreaterThan(30 * 60_000);

    const again = await checkout(ctx.app, fan, drop.id, started.holdId).expect(201);
    expect(again.body).toMatchObject({ sessionId: started.sessionId, orderId: started.orderId });
    const { rows } = await ctx.db.query(
      'SELECT amount_minor, currency, status FROM orders WHERE hold_id = $1',
      [started.holdId],
    );
    expect(rows).toEqual([{ amount_minor: 6000, currency: 'EUR', status: 'awaiting_payment' }]);
  });

  it('only the fan who holds the units can take them to checkout', async () => {
    const fan = await createAccount(ctx.app, ctx.db);
    const other = await createAccount(ctx.app, ctx.db);
    const started = await holdAndCheckout(ctx.app, fan, drop.id, drop.variantIds[0]);
    const sessions = ctx.payments.stripe.store.sessions.size;
    const refused = await checkout(ctx.app, other, drop.id, started.holdId).expect(404);
    expect(refused.body.error.code).toBe('HOLD_NOT_FOUND');
    await request(ctx.app.getHttpServer())
      .post(`/drops/${drop.id}/holds/${started.holdId}/checkout`)
      .expect(401);
    expect(ctx.payments.stripe.store.sessions.size).toBe(sessions);
  });

  it('a hold given back goes to checkout nowhere: 409, no order, no session', async () => {
    const fan = await createAccount(ctx.app, ctx.db);
    const holdId = await placeHold(ctx.app, fan, drop.id, drop.variantIds[0]);
    await request(ctx.app.getHttpServer())
      .delete(`/drops/${drop.id}/holds/${holdId}`)
      .set('authorization', fan.bearer)
      .expect(200);
    const sessions = ctx.payments.stripe.store.sessions.size;
    const refused = await checkout(ctx.app, fan, drop.id, holdId).expect(409);
    expect(refused.body.error.code).toBe('HOLD_NOT_ACTIVE');
    const { rows } = await ctx.db.query('SELECT id FROM orders WHERE hold_id = $1', [holdId]);
    expect(rows).toEqual([]);
    expect(ctx.payments.stripe.store.sessions.size).toBe(sessions);
  });

  it('a payment delivered three times makes one paid order, one serial, one email', async () => {
    const fan = await createAccount(ctx.app, ctx.db);
    const started = await holdAndCheckout(ctx.app, fan, drop.id, drop.variantIds[0]);
    const [completed] = ctx.payments.stripe.pay(started.sessionId);

    const deliveries = [];
    for (let i = 0; i < 3; i++) deliveries.push(await ctx.payments.stripe.deliver(completed));
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    expect(deliveries.map((d) => JSON.parse(d.body).duplicate)).toEqual([false, true, true]);

    await orderReaches(ctx.db, started.orderId, 'paid');
    const events = await allEventsProcessed(ctx.db);
    expect(events.filter((e) => e.type === 'checkout.session.completed')).toHaveLength(
      ctx.payments.stripe.eventsOfType('checkout.session.completed').length,
    );
    const { rows: stored } = await ctx.db.query(
      'SELECT outcome FROM payment_events WHERE event_id = $1',
      [completed.id],
    );
    expect(stored).toEqual([{ outcome: 'order-paid' }]);

    expect(await holdStatus(ctx.db, started.holdId)).toBe('converted');
    const { rows: ledger } = await ctx.db.query(
      'SELECT kind, quantity FROM inventory_movements WHERE hold_id = $1 ORDER BY id',
      [started.holdId],
    );
    expect(ledger).toEqual([
      { kind: 'hold', quantity: 1 },
      { kind: 'sell', quantity: 1 },
    ]);

    const mine = await request(ctx.app.getHttpServer())
      .get('/me/orders')
      .set('authorization', fan.bearer)
      .expect(200);
    expect(mine.body.orders).toHaveLength(1);
    const order = mine.body.orders[0];
    expect(order).toMatchObject({
      id: started.orderId,
      status: 'paid',
      amountMinor: 3000,
      currency: 'EUR',
      serials: [{ serial: 1, editionSize: 250, label: '#1 of 250' }],
    });
    expect(order).not.toHaveProperty('buyer');

    // The paid order answers a later checkout of its hold, before the hold's own state does.
    const closed = await checkout(ctx.app, fan, drop.id, started.holdId).expect(409);
    expect(closed.body.error).toMatchObject({
      code: 'CHECKOUT_CLOSED',
      details: [{ status: 'paid' }],
    });

    await eventually(() => Promise.resolve(confirmations(fan).length === 1 ? true : undefined));
    // Every copy of the event has been applied; a second message would have been sent by now.
    await allEventsProcessed(ctx.db);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(confirmations(fan)).toHaveLength(1);
    expect(confirmations(fan)[0].text).toContain('#1 of 250');
    expect(confirmations(fan)[0].from).toBe('orders@limited-run.test');
  });

  it('numbers an edition in order of payment, and the certificate names the order, never the buyer', async () => {
    const [first, second] = [
      await createAccount(ctx.app, ctx.db),
      await createAccount(ctx.app, ctx.db),
    ];
    const a = await holdAndCheckout(ctx.app, first, drop.id, drop.variantIds[0]);
    const b = await holdAndCheckout(ctx.app, second, drop.id, drop.variantIds[0]);
    // The second fan pays first.
    await ctx.payments.stripe.deliver(ctx.payments.stripe.pay(b.sessionId)[0]);
    await orderReaches(ctx.db, b.orderId, 'paid');
    await ctx.payments.stripe.deliver(ctx.payments.stripe.pay(a.sessionId)[0]);
    await orderReaches(ctx.db, a.orderId, 'paid');

    const { rows } = await ctx.db.query<{ order_id: string; serial: number }>(
      'SELECT order_id, serial FROM order_serials WHERE order_id = ANY($1) ORDER BY serial',
      [[a.orderId, b.orderId]],
    );
    expect(rows).toEqual([
      { order_id: b.orderId, serial: 2 },
      { order_id: a.orderId, serial: 3 },
    ]);

    const certificate = await request(ctx.app.getHttpServer())
      .get(`/editions/${drop.variantIds[0]}/serials/2`)
      .expect(200);
    expect(certificate.body).toMatchObject({
      valid: true,
      label: '#2 of 250',
      orderId: b.orderId,
      edition: { id: drop.variantIds[0] },
      collective: { slug: drop.collective },
    });
    expect(JSON.stringify(certificate.body)).not.toContain(second.email);
    expect(JSON.stringify(certificate.body)).not.toContain(second.id);

    const missing = await request(ctx.app.getHttpServer())
      .get(`/editions/${drop.variantIds[0]}/serials/200`)
      .expect(404);
    expect(missing.body.error.code).toBe('SERIAL_NOT_FOUND');
    await request(ctx.app.getHttpServer())
      .get(`/editions/${drop.variantIds[1]}/serials/2`)
      .expect(404);
  });
});
