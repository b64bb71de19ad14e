// The return page after Stripe asks for its order once, with `?wait=`, instead of polling: the
// answer comes when the payment event moves the order, woken by the paid transaction's NOTIFY.
// The recheck is set to a minute and each wait to 25 s, so an answer within 10 s of the payment
// can only come from the wake.
import './support/env/payments-offline';
import './support/env/slow-order-recheck';
import { get } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import { SettlingOrders } from '../libs/checkout/src/orders/settling-orders';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { eventually } from './support/eventually';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { type HeldCheckout, holdAndCheckout, type PaymentsHarness } from './support/payments';
import { startApi, useApiOnTestDatabase } from './support/test-app';

describe('GET /me/orders/:id?wait= answers when the order settles', () => {
  const stack = useApiOnTestDatabase({ worker: true, payments: true });
  let api: NestFastifyApplication;
  let db: Client;
  let payments: PaymentsHarness;
  let drop: LiveDrop;

  beforeAll(async () => {
    ({ app: api, db, payments } = stack);
    drop = await openLiveDrop(api, db, { units: [20], perCustomerLimit: 5 });
  });

  /** The backends listening for order moves (one per API process that has had a wait). */
  const listeners = async (): Promise<number[]> => {
    const { rows } = await db.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND query = 'LISTEN order_status'`,
    );
    return rows.map((row) => row.pid);
  };

  /** Starts a wait and resolves once it is waiting: listening, and past its first read. */
  async function startWaiting(
    app: NestFastifyApplication,
    fan: TestAccount,
    order: HeldCheckout,
  ): Promise<{ answer: Promise<request.Response>; answered: () => boolean }> {
    let answered = false;
    const answer = request(app.getHttpServer())
      .get(`/me/orders/${order.orderId}?wait=25`)
      .set('authorization', fan.bearer)
      .then((res) => ((answered = true), res));
    await eventually(async () => ((await listeners()).length > 0 ? true : undefined));
    // The first read follows the LISTEN at once; a moment more lets it run.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answered).toBe(false);
    return { answer, answered: () => answered };
  }

  /** The answer, which must come long before the wait's 25 s: only a wake can give it. */
  async function wokenAnswer(waiting: {
    answer: Promise<request.Response>;
    answered: () => boolean;
  }): Promise<request.Response> {
    await eventually(() => Promise.resolve(waiting.answered() ? true : undefined), 10_000);
    return waiting.answer;
  }

  async function pay(order: HeldCheckout): Promise<void> {
    for (const event of payments.stripe.pay(order.sessionId)) {
      expect((await payments.stripe.deliver(event)).status).toBe(200);
    }
  }

  it('answers a waiting fan with the paid order, edition number included, once the payment lands', async () => {
    const fan = await createAccount(api, db);
    const order = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]);
    const waiting = await startWaiting(api, fan, order);

    await pay(order);
    const res = await wokenAnswer(waiting);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: order.orderId, status: 'paid' });
    expect(res.body.serials).toEqual([expect.objectContaining({ editionSize: 20 })]);

    // Settled: asked again with a wait, it answers with what it is.
    const again = await request(api.getHttpServer())
      .get(`/me/orders/${order.orderId}?wait=20`)
      .set('authorization', fan.bearer)
      .expect(200);
    expect(again.body).toEqual(res.body);
  });

  it('still wakes its waits after Postgres ends the listening connection', async () => {
    const fan = await createAccount(api, db);
    const first = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]);
    const waitingFromBefore = await startWaiting(api, fan, first);
    const [before] = await listeners();
    await db.query('SELECT pg_terminate_backend($1)', [before]);
    await eventually(async () => ((await listeners()).includes(before) ? undefined : true));

    // The next wait listens again on a new connection, and hears this payment.
    const order = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]);
    const waiting = await startWaiting(api, fan, order);
    expect(await listeners()).not.toContain(before);
    await pay(order);
    expect((await wokenAnswer(waiting)).body).toMatchObject({ status: 'paid' });
    // The wait that began on the lost connection is heard on the new one too.
    expect(waitingFromBefore.answered()).toBe(false);
    await pay(first);
    expect((await wokenAnswer(waitingFromBefore)).body).toMatchObject({ status: 'paid' });
  });

  it('refuses a bad wait with 400 and another fan’s order with 404, before waiting', async () => {
    const fan = await createAccount(api, db);
    const stranger = await createAccount(api, db);
    const order = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]);
    for (const wait of ['26', '-1', '2.5', 'soon']) {
      const res = await request(api.getHttpServer())
        .get(`/me/orders/${order.orderId}?wait=${wait}`)
        .set('authorization', fan.bearer);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const foreign = await request(api.getHttpServer())
      .get(`/me/orders/${order.orderId}?wait=20`)
      .set('authorization', stranger.bearer);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('ORDER_NOT_FOUND');
    // Without a wait, an unpaid order is answered as it is.
    const now = await request(api.getHttpServer())
      .get(`/me/orders/${order.orderId}`)
      .set('authorization', fan.bearer)
      .expect(200);
    expect(now.body.status).toBe('awaiting_payment');
  });

  /** `limited_run_order_waits` on this API's /metrics: the requests waiting on an order now. */
  const waitsInProgress = async (): Promise<number> => {
    const res = await request(api.getHttpServer()).get('/metrics').expect(200);
    const [, value] = /^limited_run_order_waits (\d+)$/m.exec(res.text) ?? [];
    expect(value).toBeDefined();
    return Number(value);
  };

  it('ends a wait when its client goes away, long before the wait or a recheck would', async () => {
    const fan = await createAccount(api, db);
    const order = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]);
    expect(await waitsInProgress()).toBe(0);
    const base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    const gone = get(`${base}/me/orders/${order.orderId}?wait=25`, {
      headers: { authorization: fan.bearer },
    });
    gone.on('error', () => undefined); // destroyed below, on purpose
    await eventually(async () => ((await waitsInProgress()) === 1 ? true : undefined));

    gone.destroy();
    // The recheck is a minute and the wait 25 s: only the closed socket can end it this soon.
    await eventually(async () => ((await waitsInProgress()) === 0 ? true : undefined), 5_000);
    // The order is untouched, and a fan who comes back is answered as before.
    const again = await request(api.getHttpServer())
      .get(`/me/orders/${order.orderId}`)
      .set('authorization', fan.bearer)
      .expect(200);
    expect(again.body.status).toBe('awaiting_payment');
  });

  it('answers its waits with the order as it is when its API process shuts down', async () => {
    const second = await startApi();
    let closing: Promise<void> | undefined;
    try {
      const fan = await createAccount(api, db);
      const order = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]);
      const waiting = await startWaiting(second, fan, order);
      closing = second.close();
      const res = await wokenAnswer(waiting);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: order.orderId, status: 'awaiting_payment' });
    } finally {
      await (closing ?? second.close());
    }
  });

  it('answers at once a wait that begins after its API process started shutting down', async () => {
    const second = await startApi();
    try {
      const fan = await createAccount(api, db);
      const order = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]);
      const settling = second.get(SettlingOrders);
      await settling.beforeApplicationShutdown();
      // The recheck is a minute: a wait that slept before looking at `closing` is still asleep.
      const tooLate = new Promise<'still waiting'>((resolve) =>
        setTimeout(() => resolve('still waiting'), 10_000).unref(),
      );
      const answer = await Promise.race([settling.oneForFan(fan.id, order.orderId, 25), tooLate]);
      expect(answer).toMatchObject({ id: order.orderId, status: 'awaiting_payment' });
    } finally {
      await second.close();
    }
  });
});
