import Stripe from 'stripe';
import {
  PaymentIdempotencyConflictError,
  PaymentProviderUnavailableError,
  PaymentRequestRejectedError,
  WebhookSignatureInvalidError,
} from '../payments.errors';
import type { CreateCheckoutSession } from '../payments.port';
import { StripeStandIn } from '../stand-in/stripe-stand-in';
import { adapterFor, TEST_SECRET_KEY } from '../testing/stand-in-adapter';
import { STRIPE_API_VERSION } from './stripe-client-options';

const inAnHour = (): Date => new Date(Math.floor(Date.now() / 1000 + 3600) * 1000);

const checkout = (expiresAt: Date, overrides: Partial<CreateCheckoutSession> = {}) => ({
  currency: 'EUR',
  lines: [{ name: 'Afterhours LP, black', unitAmountMinor: 2800, quantity: 2 }],
  expiresAt,
  clientReferenceId: 'order-1',
  metadata: { holdId: 'hold-1', orderId: 'order-1', dropId: 'drop-1' },
  successUrl: 'http://localhost:3000/ok?s={CHECKOUT_SESSION_ID}',
  cancelUrl: 'http://localhost:3000/cancel',
  customerEmail: 'fan@example.com',
  ...overrides,
});

describe('StripePaymentsAdapter against the stand-in (real SDK, real sockets)', () => {
  let standIn: StripeStandIn;

  beforeEach(async () => {
    standIn = await StripeStandIn.start({ secretKey: TEST_SECRET_KEY });
  });
  afterEach(async () => {
    await standIn.stop();
  });

  it('creates a session with server prices, the pinned API version and our idempotency key', async () => {
    const adapter = adapterFor(standIn);
    const expiresAt = inAnHour();
    const session = await adapter.createCheckoutSession(checkout(expiresAt), 'checkout:hold-1');

    expect(session).toMatchObject({
      status: 'open',
      paymentStatus: 'unpaid',
      amountTotalMinor: 5600,
      currency: 'eur',
      expiresAt,
      metadata: { holdId: 'hold-1', orderId: 'order-1', dropId: 'drop-1' },
    });
    expect(session.url).toBe(`${standIn.url}/checkout/${session.id}`);
    const [sent] = standIn.requestsTo('POST', '/v1/checkout/sessions');
    expect(sent.idempotencyKey).toBe('checkout:hold-1');
    expect(sent.stripeVersion).toBe(STRIPE_API_VERSION);
    expect(sent.params).toMatchObject({
      mode: 'payment',
      expires_at: String(expiresAt.getTime() / 1000),
      client_reference_id: 'order-1',
      allowed_payment_method_types: ['card', 'link'],
      payment_intent_data: { metadata: { holdId: 'hold-1' } },
      line_items: [
        {
          quantity: '2',
          price_data: {
            currency: 'eur',
            unit_amount: '2800',
            product_data: { name: 'Afterhours LP, black' },
          },
        },
      ],
    });
  });

  it('gets the same session back for the same key and parameters, and refuses other parameters', async () => {
    const adapter = adapterFor(standIn);
    const expiresAt = inAnHour();
    const first = await adapter.createCheckoutSession(checkout(expiresAt), 'checkout:hold-2');
    const again = await adapter.createCheckoutSession(checkout(expiresAt), 'checkout:hold-2');
    expect(again.id).toBe(first.id);
    expect(standIn.store.sessions.size).toBe(1);

    const later = new Date(expiresAt.getTime() + 60_000);
    await expect(
      adapter.createCheckoutSession(checkout(later), 'checkout:hold-2'),
    ).rejects.toBeInstanceOf(PaymentIdempotencyConflictError);
    expect(standIn.store.sessions.size).toBe(1);
  });

  it('retries 5xx under the same key and succeeds with one session', async () => {
    standIn.injectFault({ path: '/v1/checkout/sessions', status: 500, times: 2 });
    const session = await adapterFor(standIn).createCheckoutSession(
      checkout(inAnHour()),
      'checkout:hold-3',
    );
    const attempts = standIn.requestsTo('POST', '/v1/checkout/sessions');
    expect(attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(new Set(attempts.map((a) => a.idempotencyKey))).toEqual(new Set(['checkout:hold-3']));
    expect([...standIn.store.sessions.keys()]).toEqual([session.id]);
  });

  it('maps a persistent 5xx to a retryable PAYMENT_PROVIDER_UNAVAILABLE and creates nothing', async () => {
    standIn.injectFault({ path: '/v1/checkout/sessions', status: 503, times: 10 });
    const error = await adapterFor(standIn)
      .createCheckoutSession(checkout(inAnHour()), 'checkout:hold-4')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentProviderUnavailableError);
    expect(error).toMatchObject({ code: 'PAYMENT_PROVIDER_UNAVAILABLE', kind: 'unavailable' });
    expect(standIn.requestsTo('POST', '/v1/checkout/sessions')).toHaveLength(3);
    expect(standIn.store.sessions.size).toBe(0);
  });

  it('after a timeout where Stripe did the work, the retry gets that same session', async () => {
    standIn.injectFault({ path: '/v1/checkout/sessions', delayMs: 1500 });
    const adapter = adapterFor(standIn, { STRIPE_TIMEOUT_MS: 300 });
    const session = await adapter.createCheckoutSession(checkout(inAnHour()), 'checkout:hold-5');
    const attempts = standIn.requestsTo('POST', '/v1/checkout/sessions');
    expect(attempts.map((a) => [a.fault ?? null, a.replayed])).toEqual([
      ['delay', false],
      [null, true],
    ]);
    expect([...standIn.store.sessions.keys()]).toEqual([session.id]);
  });

  it('after a dropped connection, the retry gets the session created before the drop', async () => {
    standIn.injectFault({ path: '/v1/checkout/sessions', drop: 'after' });
    const session = await adapterFor(standIn, {
      STRIPE_MAX_NETWORK_RETRIES: 0,
    }).createCheckoutSession(checkout(inAnHour()), 'checkout:hold-6');
    expect(standIn.requestsTo('POST', '/v1/checkout/sessions')).toHaveLength(2);
    expect([...standIn.store.sessions.keys()]).toEqual([session.id]);
  });

  it('maps timeouts without a retry budget to PAYMENT_PROVIDER_UNAVAILABLE', async () => {
    standIn.injectFault({ path: '/v1/checkout/sessions', delayMs: 1500 });
    const adapter = adapterFor(standIn, { STRIPE_TIMEOUT_MS: 200, STRIPE_MAX_NETWORK_RETRIES: 0 });
    await expect(
      adapter.createCheckoutSession(checkout(inAnHour()), 'checkout:hold-7'),
    ).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
  });

  it('refuses an expires_at outside Stripe’s 30 min–24 h window as a rejected request', async () => {
    const soon = new Date(Date.now() + 10 * 60_000);
    const error = await adapterFor(standIn)
      .createCheckoutSession(checkout(soon), 'checkout:hold-8')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentRequestRejectedError);
    expect((error as PaymentRequestRejectedError).param).toBe('expires_at');
  });

  it('expires an open session, and reports a completed one instead of failing', async () => {
    const adapter = adapterFor(standIn);
    const open = await adapter.createCheckoutSession(checkout(inAnHour()), 'checkout:a');
    await expect(adapter.expireCheckoutSession(open.id)).resolves.toMatchObject({
      expiredNow: true,
      session: { status: 'expired' },
    });

    const paid = await adapter.createCheckoutSession(
      checkout(inAnHour(), { clientReferenceId: 'order-b' }),
      'checkout:b',
    );
    standIn.pay(paid.id);
    await expect(adapter.expireCheckoutSession(paid.id)).resolves.toMatchObject({
      expiredNow: false,
      session: { status: 'complete', paymentStatus: 'paid' },
    });
  });

  it('refunds once per key, and a second full refund is refused by Stripe', async () => {
    const adapter = adapterFor(standIn);
    const session = await adapter.createCheckoutSession(checkout(inAnHour()), 'checkout:c');
    standIn.pay(session.id);
    const paymentIntentId = (await adapter.retrieveCheckoutSession(session.id)).paymentIntentId;
    expect(paymentIntentId).toMatch(/^pi_/);
    const input = { paymentIntentId: paymentIntentId as string, metadata: { orderId: 'order-1' } };

    const first = await adapter.refund(input, `refund:${session.id}`);
    const replay = await adapter.refund(input, `refund:${session.id}`);
    expect(replay.id).toBe(first.id);
    expect(first).toMatchObject({ status: 'succeeded', amountMinor: 5600, currency: 'eur' });
    expect(standIn.store.refunds.size).toBe(1);

    const error = await adapter.refund(input, 'another-key').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentRequestRejectedError);
    expect((error as PaymentRequestRejectedError).providerCode).toBe('charge_already_refunded');
  });

  it('maps rejected credentials and a missing key to PAYMENT_PROVIDER_UNAVAILABLE', async () => {
    await expect(
      adapterFor(standIn, { STRIPE_SECRET_KEY: 'sk_test_wrong' }).retrieveCheckoutSession('cs_x'),
    ).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    await expect(
      adapterFor(standIn, { STRIPE_SECRET_KEY: undefined }).retrieveCheckoutSession('cs_x'),
    ).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
  });

  describe('webhook verification', () => {
    const event = { id: 'evt_test_1', object: 'event', type: 'checkout.session.completed' };
    const body = JSON.stringify(event);
    const sign = (secret: string, timestamp?: number) =>
      Stripe.webhooks.generateTestHeaderString({
        payload: body,
        secret,
        ...(timestamp ? { timestamp } : {}),
      });

    it('accepts an event signed with any of the configured secrets (rotation)', () => {
      const adapter = adapterFor(standIn, { STRIPE_WEBHOOK_SECRETS: 'whsec_old, whsec_new' });
      for (const secret of ['whsec_old', 'whsec_new']) {
        expect(adapter.verifyWebhook(Buffer.from(body), sign(secret))).toMatchObject({
          eventId: 'evt_test_1',
          type: 'checkout.session.completed',
        });
      }
    });

    it.each([
      ['a wrong secret', () => sign('whsec_other'), body],
      ['a tampered body', () => sign('whsec_new'), body.replace('evt_test_1', 'evt_test_2')],
      ['a stale timestamp', () => sign('whsec_new', Math.floor(Date.now() / 1000) - 301), body],
      ['no signature', () => undefined, body],
      ['a header without v1', () => `t=${Math.floor(Date.now() / 1000)}`, body],
    ])('refuses %s', (_what, header, received) => {
      const adapter = adapterFor(standIn, { STRIPE_WEBHOOK_SECRETS: 'whsec_new' });
      expect(() => adapter.verifyWebhook(Buffer.from(received), header())).toThrow(
        WebhookSignatureInvalidError,
      );
    });

    it('refuses everything when no secret is configured', () => {
      const adapter = adapterFor(standIn, { STRIPE_WEBHOOK_SECRETS: undefined });
      expect(() => adapter.verifyWebhook(Buffer.from(body), sign('whsec_new'))).toThrow(
        WebhookSignatureInvalidError,
      );
    });
  });
});
