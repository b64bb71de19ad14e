import './support/env/payments-offline';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import {
  allEventsProcessed,
  checkout,
  holdAndCheckout,
  holdStatus,
  orderReaches,
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

describe('hold → checkout → paid: one order, its serials, one email (real SDK, Postgres, Redis, Bull)', () => {
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
    drop = await openLiveDrop(api, db, { units: [250, 5], perCustomerLimit: 2 });
  });
  afterAll(async () => {
    await payments?.stop();
    await worker?.close();
    await api?.close();
    await db?.end();
  });

  const confirmations = (fan: TestAccount) =>
    payments.mail.to(fan.email).filter((m) => m.subject.startsWith('Order confirmed'));

  it('creates the session from server prices under a key derived from the hold; a retry gets the same one', async () => {
    const fan = await createAccount(api, db);
    const started = await holdAndCheckout(api, fan, drop.id, drop.variantIds[1], 2);
    expect(started.checkoutUrl).toBe(`${payments.stripe.url}/checkout/${started.sessionId}`);

    const [sent] = payments.stripe.requestsTo('POST', '/v1/checkout/sessions').slice(-1);
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

    const again = await checkout(api, fan, drop.id, started.holdId).expect(201);
    expect(again.body).toMatchObject({ sessionId: started.sessionId, orderId: started.orderId });
    const { rows } = await db.query(
      'SELECT amount_minor, currency, status FROM orders WHERE hold_id = $1',
      [started.holdId],
    );
    expect(rows).toEqual([{ amount_minor: 6000, currency: 'EUR', status: 'awaiting_payment' }]);
  });

  it('only the fan who holds the units can take them to checkout', async () => {
    const fan = await createAccount(api, db);
    const other = await createAccount(api, db);
    const started = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]);
    const sessions = payments.stripe.store.sessions.size;
    const refused = await checkout(api, other, drop.id, started.holdId).expect(404);
    expect(refused.body.error.code).toBe('HOLD_NOT_FOUND');
    await request(api.getHttpServer())
      .post(`/drops/${drop.id}/holds/${started.holdId}/checkout`)
      .expect(401);
    expect(payments.stripe.store.sessions.size).toBe(sessions);
  });

  it('a payment delivered three times makes one paid order, one serial, one email', async () => {
    const fan = await createAccount(api, db);
    const started = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]);
    const [completed] = payments.stripe.pay(started.sessionId);

    const deliveries = [];
    for (let i = 0; i < 3; i++) deliveries.push(await payments.stripe.deliver(completed));
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    expect(deliveries.map((d) => JSON.parse(d.body).duplicate)).toEqual([false, true, true]);

    await orderReaches(db, started.orderId, 'paid');
    const events = await allEventsProcessed(db);
    expect(events.filter((e) => e.type === 'checkout.session.completed')).toHaveLength(
      payments.stripe.eventsOfType('checkout.session.completed').length,
    );
    const { rows: stored } = await db.query(
      'SELECT outcome FROM payment_events WHERE event_id = $1',
      [completed.id],
    );
    expect(stored).toEqual([{ outcome: 'order-paid' }]);

    expect(await holdStatus(db, started.holdId)).toBe('converted');
    const { rows: ledger } = await db.query(
      'SELECT kind, quantity FROM inventory_movements WHERE hold_id = $1 ORDER BY id',
      [started.holdId],
    );
    expect(ledger).toEqual([
      { kind: 'hold', quantity: 1 },
      { kind: 'sell', quantity: 1 },
    ]);

    const mine = await request(api.getHttpServer())
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

    await eventually(() => Promise.resolve(confirmations(fan).length === 1 ? true : undefined));
    // Every copy of the event has been applied; a second message would have been sent by now.
    await allEventsProcessed(db);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(confirmations(fan)).toHaveLength(1);
    expect(confirmations(fan)[0].text).toContain('#1 of 250');
    expect(confirmations(fan)[0].from).toBe('orders@limited-run.test');
  });

  it('numbers an edition in order of payment, and the certificate names the order, never the buyer', async () => {
    const [first, second] = [await createAccount(api, db), await createAccount(api, db)];
    const a = await holdAndCheckout(api, first, drop.id, drop.variantIds[0]);
    const b = await holdAndCheckout(api, second, drop.id, drop.variantIds[0]);
    // The second fan pays first.
    await payments.stripe.deliver(payments.stripe.pay(b.sessionId)[0]);
    await orderReaches(db, b.orderId, 'paid');
    await payments.stripe.deliver(payments.stripe.pay(a.sessionId)[0]);
    await orderReaches(db, a.orderId, 'paid');

    const { rows } = await db.query<{ order_id: string; serial: number }>(
      'SELECT order_id, serial FROM order_serials WHERE order_id = ANY($1) ORDER BY serial',
      [[a.orderId, b.orderId]],
    );
    expect(rows).toEqual([
      { order_id: b.orderId, serial: 2 },
      { order_id: a.orderId, serial: 3 },
    ]);

    const certificate = await request(api.getHttpServer())
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

    const missing = await request(api.getHttpServer())
      .get(`/editions/${drop.variantIds[0]}/serials/200`)
      .expect(404);
    expect(missing.body.error.code).toBe('SERIAL_NOT_FOUND');
    await request(api.getHttpServer()).get(`/editions/${drop.variantIds[1]}/serials/2`).expect(404);
  });
});
