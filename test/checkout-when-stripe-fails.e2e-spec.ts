import './support/env/payments-offline';
import { createAccount, type TestAccount } from './support/accounts';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { checkout, holdStatus, placeHold } from './support/payments';
import { useApiOnTestDatabase } from './support/test-app';

// STRIPE_TIMEOUT_MS=1500 and STRIPE_MAX_NETWORK_RETRIES=2 (env/payments-offline).
describe('Stripe failing while the session is created: same key, never two sessions, the hold kept, a 503 not a 500', () => {
  const ctx = useApiOnTestDatabase({ payments: true });
  let drop: LiveDrop;
  let fan: TestAccount;

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [20], perCustomerLimit: 20 });
    fan = await createAccount(ctx.app, ctx.db);
  });
  afterEach(() => ctx.payments.stripe.clearFaults());

  const PATH = '/v1/checkout/sessions';
  /** Every create request Stripe saw for this hold, and the sessions it made for it. */
  const seenFor = (holdId: string) => {
    const requests = ctx.payments.stripe
      .requestsTo('POST', PATH)
      .filter((r) => (r.params.metadata as Record<string, string> | undefined)?.holdId === holdId);
    const sessions = [...ctx.payments.stripe.store.sessions.values()].filter(
      (s) => (s.metadata as Record<string, string>).holdId === holdId,
    );
    return { requests, sessions, keys: new Set(requests.map((r) => r.idempotencyKey)) };
  };
  const orderOf = async (holdId: string) =>
    (
      await ctx.db.query<{ status: string; stripe_session_id: string | null }>(
        'SELECT status, stripe_session_id FROM orders WHERE hold_id = $1',
        [holdId],
      )
    ).rows[0];

  it('two 500s are retried by the SDK under one key: 201 and one session', async () => {
    const holdId = await placeHold(ctx.app, fan, drop.id, drop.variantIds[0]);
    ctx.payments.stripe.injectFault({ method: 'POST', path: PATH, status: 500, times: 2 });
    const res = await checkout(ctx.app, fan, drop.id, holdId).expect(201);
    const seen = seenFor(holdId);
    expect(seen.requests.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(seen.keys.size).toBe(1);
    expect(seen.sessions.map((s) => s.id)).toEqual([res.body.sessionId]);
  });

  it('Stripe down: 503 PAYMENT_PROVIDER_UNAVAILABLE, the hold kept; the retry later gets the one session', async () => {
    const holdId = await placeHold(ctx.app, fan, drop.id, drop.variantIds[0]);
    ctx.payments.stripe.injectFault({ method: 'POST', path: PATH, status: 503, times: 3 });
    const down = await checkout(ctx.app, fan, drop.id, holdId).expect(503);
    expect(down.body.error).toMatchObject({
      code: 'PAYMENT_PROVIDER_UNAVAILABLE',
      message: expect.stringMatching(/try again/),
    });
    expect(down.body.error).not.toHaveProperty('errorId');
    expect(await holdStatus(ctx.db, holdId)).toBe('active');
    expect(await orderOf(holdId)).toEqual({ status: 'awaiting_payment', stripe_session_id: null });
    expect(seenFor(holdId).sessions).toHaveLength(0);

    const ok = await checkout(ctx.app, fan, drop.id, holdId).expect(201);
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
    const holdId = await placeHold(ctx.app, fan, drop.id, drop.variantIds[0]);
    ctx.payments.stripe.injectFault({ method: 'POST', path: PATH, delayMs: 4000 });
    const res = await checkout(ctx.app, fan, drop.id, holdId).expect(201);
    const seen = seenFor(holdId);
    expect(seen.requests.map((r) => [r.fault ?? null, r.replayed])).toEqual([
      ['delay', false],
      [null, true],
    ]);
    expect(seen.sessions.map((s) => s.id)).toEqual([res.body.sessionId]);
  });

  it('every attempt times out: 503; the fan’s retry gets the session Stripe made meanwhile, not a new one', async () => {
    const holdId = await placeHold(ctx.app, fan, drop.id, drop.variantIds[0]);
    ctx.payments.stripe.injectFault({ method: 'POST', path: PATH, delayMs: 4000, times: 3 });
    const timedOut = await checkout(ctx.app, fan, drop.id, holdId).expect(503);
    expect(timedOut.body.error.code).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
    expect(await holdStatus(ctx.db, holdId)).toBe('active');
    const made = seenFor(holdId).sessions;
    expect(made).toHaveLength(1);

    const retry = await checkout(ctx.app, fan, drop.id, holdId).expect(201);
    expect(retry.body.sessionId).toBe(made[0].id);
    expect(seenFor(holdId).sessions).toHaveLength(1);
    expect(seenFor(holdId).keys.size).toBe(1);
  });

  it('dropped connections: 503, then one session on retry', async () => {
    const holdId = await placeHold(ctx.app, fan, drop.id, drop.variantIds[0]);
    ctx.payments.stripe.injectFault({ method: 'POST', path: PATH, drop: 'before', times: 3 });
    await checkout(ctx.app, fan, drop.id, holdId).expect(503);
    const ok = await checkout(ctx.app, fan, drop.id, holdId).expect(201);
    expect(seenFor(holdId).sessions.map((s) => s.id)).toEqual([ok.body.sessionId]);
    expect(seenFor(holdId).keys.size).toBe(1);
  });

  it('two checkouts of one hold at the same moment share one session', async () => {
    const holdId = await placeHold(ctx.app, fan, drop.id, drop.variantIds[0]);
    const [a, b] = await Promise.all([
      checkout(ctx.app, fan, drop.id, holdId),
      checkout(ctx.app, fan, drop.id, holdId),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.sessionId).toBe(b.body.sessionId);
    expect(seenFor(holdId).sessions).toHaveLength(1);
  });
});
