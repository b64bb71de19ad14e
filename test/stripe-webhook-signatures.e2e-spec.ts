import './support/env/payments-offline';
import { NEXT_WEBHOOK_SECRET } from './support/env/rotated-webhook-secret';
import { PAYMENTS_QUEUE } from '@limited-run/payments';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import Stripe from 'stripe';
import request from 'supertest';
import { useApiOnTestDatabase } from './support/test-app';

describe('POST /webhooks/stripe verifies the signature on the raw body before anything else', () => {
  const ctx = useApiOnTestDatabase({ payments: true });

  /** Inbox rows and payment jobs: a refused webhook must change neither. */
  const written = async () => {
    const { rows } = await ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM payment_events',
    );
    const counts = await ctx.app.get<Queue>(getQueueToken(PAYMENTS_QUEUE)).getJobCounts();
    return {
      events: rows[0].n,
      jobs: counts.waiting + counts.active + counts.completed + counts.failed + counts.delayed,
    };
  };

  /** A genuine event to play with (a session that expired). */
  const anEvent = () => {
    const session = ctx.payments.stripe.store.createSession({
      mode: 'payment',
      line_items: [
        {
          quantity: '1',
          price_data: { currency: 'eur', unit_amount: '100', product_data: { name: 'x' } },
        },
      ],
    });
    return ctx.payments.stripe.abandon(String(session.id))[0];
  };

  it('stores a genuine event once and answers 200 at once; a redelivery is a duplicate', async () => {
    const event = anEvent();
    const first = await ctx.payments.stripe.deliver(event);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ received: true, eventId: event.id, duplicate: false });
    const again = await ctx.payments.stripe.deliver(event);
    expect(JSON.parse(again.body)).toMatchObject({ duplicate: true });
    const { rows } = await ctx.db.query(
      "SELECT type, payload->>'id' AS id FROM payment_events WHERE event_id = $1",
      [event.id],
    );
    expect(rows).toEqual([{ type: 'checkout.session.expired', id: event.id }]);
  });

  it('accepts either secret during a rotation', async () => {
    const delivery = await ctx.payments.stripe.deliver(anEvent(), { secret: NEXT_WEBHOOK_SECRET });
    expect(delivery.status).toBe(200);
  });

  it.each([
    ['forged (signed with another secret)', { secret: 'whsec_attacker' }],
    ['tampered (body changed after signing)', { tamper: true }],
    ['stale (signed 10 minutes ago)', { timestamp: Math.floor(Date.now() / 1000) - 600 }],
    ['unsigned', { signature: null }],
    ['signed with garbage', { signature: 't=1,v1=deadbeef' }],
  ])('refuses a %s webhook with 400 and writes nothing', async (_what, options) => {
    const before = await written();
    const event = anEvent();
    const delivery = await ctx.payments.stripe.deliver(event, options);
    expect(delivery.status).toBe(400);
    expect(JSON.parse(delivery.body).error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect(await written()).toEqual(before);
  });

  it('refuses a body that is not the signed bytes (re-serialised JSON)', async () => {
    const before = await written();
    const event = anEvent();
    const header = Stripe.webhooks.generateTestHeaderString({
      payload: JSON.stringify(event, null, 2),
      secret: ctx.payments.stripe.webhookSecret,
    });
    const res = await request(ctx.app.getHttpServer())
      .post('/webhooks/stripe')
      .set('stripe-signature', header)
      .set('content-type', 'application/json')
      .send(JSON.stringify(event));
    expect(res.status).toBe(400);
    expect(await written()).toEqual(before);
  });
});
