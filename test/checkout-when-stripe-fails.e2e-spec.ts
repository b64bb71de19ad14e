import './support/env/payments-offline';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import { createAccount, type TestAccount } from './support/accounts';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import {
  checkout,
  holdStatus,
  type PaymentsHarness,
  placeHold,
  startPaymentsHarness,
} from './support/payments';
import { connectTestDatabase, createTestDatabase, startApi } from './support/test-app';

// STRIPE_TIMEOUT_MS=1500 and STRIPE_MAX_NETWORK_RETRIES=2 (env/payments-offline).
describe('Stripe failing while the session is created: same key, never two sessions, the hold kept, a 503 not a 500', () => {
  let api: NestFastifyApplication;
  let db: Client;
  let payments: PaymentsHarness;
  let drop: LiveDrop;
  let fan: TestAccount;

  beforeAll(async () => {
    await createTestDatabase();
    db = await connectTestDatabase();
    api = await startApi();
    payments = await startPaymentsHarness(api);
    drop = await openLiveDrop(api, db, { units: [20], perCustomerLimit: 20 });
    fan = await createAccount(api, db);
  });
  afterAll(async () => {
    await payments?.stop();
    await api?.close();
    await db?.end();
  });
  afterEach(() => payments.stripe.clearFaults());

  const PATH = '/v1/checkout/sessions';
  /** Every create request Stripe saw for this hold, and the sessions it made for it. */
  const seenFor = (holdId: string) => {
    const requests = payments.stripe
      .requestsTo('POST', PATH)
      .filter((r) => (r.params.metadata as Record<string, string> | undefined)?.holdId === holdId);
    const sessions = [...payments.stripe.store.sessions.values()].filter(
      (s) => (s.metadata as Record<string, string>).holdId === holdId,
    );
    return { requests, sessions, keys: new Set(requests.map((r) => r.idempotencyKey)) };
  };
  const orderOf = async (holdId: string) =>
    (
      await db.query<{ status: string; stripe_session_id: string | null }>(
        'SELECT status, stripe_session_id FROM orders WHERE hold_id = $1',
        [holdId],
      )
    ).rows[0];

  it('two 500s are retried by the SDK under one key: 201 and one session', async () => {
    const holdId = await placeHold(api, fan, drop.id, drop.variantIds[0]);
    payments.stripe.injectFault({ method: 'POST', path: PATH, status: 500, times: 2 });
    const res = await checkout(api, fan, drop.id, holdId).expect(201);
    const seen = seenFor(holdId);
    expect(seen.requests.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(seen.keys.size).toBe(1);
    expect(seen.sessions.map((s) => s.id)).toEqual([res.body.sessionId]);
  });

  it('Stripe down: 503 PAYMENT_PROVIDER_UNAVAILABLE, the hold kept; the retry later gets the one session', async () => {
    const holdId = await placeHold(api, fan, drop.id, drop.variantIds[0]);
    payments.stripe.injectFault({ method: 'POST', path: PATH, status: 503, times: 3 });
    const down = await checkout(api, fan, drop.id, holdId).expect(503);
    expect(down.body.error).toMatchObject({
      code: 'PAYMENT_PROVIDER_UNAVAILABLE',
      message: expect.stringMatching(/try again/),
    });
    expect(down.body.error).not.toHaveProperty('errorId');
    expect(await holdStatus(db, holdId)).toBe('active');
    expect(await orderOf(holdId)).toEqual({ status: 'awaiting_payment', stripe_session_id: null });
    expect(seenFor(holdId).sessions).toHaveLength(0);

    const ok = await checkout(api, fan, drop.id, holdId).expect(201);
    const seen = seenFor(holdId);
    expect(seen.requests.map((r) => r.status)).toEqual([503, 503, 503, 200]);
    expect(seen.keys.size).toBe(1);
    expect(seen.sessions.map((s) => s.id)).toEqual([ok.body.sessionId]);
    expect(await orderOf(holdId)).toEqual({
      status: 'awaiting_payment',
      stripe_session_id: ok.body.sessionId,
    });
  });

  it('a timeout after Stripe made the session: the retry is answered with that same session', async () => {
    const holdId = await placeHold(api, fan, drop.id, drop.variantIds[0]);
    payments.stripe.injectFault({ method: 'POST', path: PATH, delayMs: 4000 });
    const res = await checkout(api, fan, drop.id, holdId).expect(201);
    const seen = seenFor(holdId);
    expect(seen.requests.map((r) => [r.fault ?? null, r.replayed])).toEqual([
      ['delay', false],
      [null, true],
    ]);
    expect(seen.sessions.map((s) => s.id)).toEqual([res.body.sessionId]);
  });

  it('every attempt times out: 503; the fan’s retry gets the session Stripe made meanwhile, not a new one', async () => {
    const holdId = await placeHold(api, fan, drop.id, drop.variantIds[0]);
    payments.stripe.injectFault({ method: 'POST', path: PATH, delayMs: 4000, times: 3 });
    const timedOut = await checkout(api, fan, drop.id, holdId).expect(503);
    expect(timedOut.body.error.code).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
    expect(await holdStatus(db, holdId)).toBe('active');
    const made = seenFor(holdId).sessions;
    expect(made).toHaveLength(1);

    const retry = await checkout(api, fan, drop.id, holdId).expect(201);
    expect(retry.body.sessionId).toBe(made[0].id);
    expect(seenFor(holdId).sessions).toHaveLength(1);
    expect(seenFor(holdId).keys.size).toBe(1);
  });

  it('dropped connections: 503, then one session on retry', async () => {
    const holdId = await placeHold(api, fan, drop.id, drop.variantIds[0]);
    payments.stripe.injectFault({ method: 'POST', path: PATH, drop: 'before', times: 3 });
    await checkout(api, fan, drop.id, holdId).expect(503);
    const ok = await checkout(api, fan, drop.id, holdId).expect(201);
    expect(seenFor(holdId).sessions.map((s) => s.id)).toEqual([ok.body.sessionId]);
    expect(seenFor(holdId).keys.size).toBe(1);
  });

  it('two checkouts of one hold at the same moment share one session', async () => {
    const holdId = await placeHold(api, fan, drop.id, drop.variantIds[0]);
    const [a, b] = await Promise.all([
      checkout(api, fan, drop.id, holdId),
      checkout(api, fan, drop.id, holdId),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.sessionId).toBe(b.body.sessionId);
    expect(seenFor(holdId).sessions).toHaveLength(1);
  });
});
