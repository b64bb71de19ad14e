import './support/env/payments-offline';
import Stripe from 'stripe';
import request from 'supertest';
import { useApiOnTestDatabase } from './support/test-app';

const secret = (process.env.STRIPE_WEBHOOK_SECRETS ?? '').split(',')[0];

/** Bodies a holder of the signing secret could send that are not Stripe events. */
const NOT_EVENTS: Record<string, string> = {
  'JSON null': 'null',
  'an array': '[1,2,3]',
  'an empty object': '{}',
  'an object without a type': '{"id":"evt_1","data":{"object":{}}}',
  'an id that is not a string': '{"id":{"x":1},"type":"checkout.session.completed","data":{}}',
  'a number': '42',
  'a NUL inside a string': '{"id":"evt_nul","type":"x\\u0000y","data":{"object":{}}}',
};

describe('a correctly signed webhook body that is not an event', () => {
  const ctx = useApiOnTestDatabase();

  const count = async (table: string): Promise<number> =>
    (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  it.each(Object.entries(NOT_EVENTS))(
    'answers 400 for %s, keeps the bytes for inspection and processes nothing',
    async (_label, body) => {
      const eventsBefore = await count('payment_events');
      const keptBefore = await count('rejected_webhooks');
      const res = await request(ctx.app.getHttpServer())
        .post('/webhooks/stripe')
        .set('content-type', 'application/json')
        .set(
          'stripe-signature',
          Stripe.webhooks.generateTestHeaderString({ payload: body, secret }),
        )
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('WEBHOOK_NOT_AN_EVENT');
      expect(await count('payment_events')).toBe(eventsBefore);
      expect(await count('rejected_webhooks')).toBe(keptBefore + 1);
      const { rows } = await ctx.db.query<{ body: Buffer; body_bytes: number }>(
        `SELECT body, body_bytes FROM rejected_webhooks ORDER BY received_at DESC, id LIMIT 1`,
      );
      expect(rows[0].body.toString()).toBe(body);
      expect(rows[0].body_bytes).toBe(Buffer.byteLength(body));
    },
  );

  it('refuses a signed body that is not JSON at the parser, writing nothing', async () => {
    const body = 'this is not json';
    const before = [await count('payment_events'), await count('rejected_webhooks')];
    const res = await request(ctx.app.getHttpServer())
      .post('/webhooks/stripe')
      .set('content-type', 'application/json')
      .set('stripe-signature', Stripe.webhooks.generateTestHeaderString({ payload: body, secret }))
      .send(body);
    expect(res.status).toBe(400);
    expect([await count('payment_events'), await count('rejected_webhooks')]).toEqual(before);
  });

  it('keeps nothing for a body whose signature does not verify', async () => {
    const keptBefore = await count('rejected_webhooks');
    const res = await request(ctx.app.getHttpServer())
      .post('/webhooks/stripe')
      .set('content-type', 'application/json')
      .set(
        'stripe-signature',
        Stripe.webhooks.generateTestHeaderString({ payload: '{}', secret: 'whsec_wrong' }),
      )
      .send('{}');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect(await count('rejected_webhooks')).toBe(keptBefore);
  });
});
