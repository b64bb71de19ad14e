import './support/env/payments-offline';
import './support/env/stripe-automatic-tax';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import request from 'supertest';
import { standInTax } from '../libs/payments/src/stand-in';
import { createAccount } from './support/accounts';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { holdAndCheckout, orderReaches, type PaymentsHarness } from './support/payments';
import { addressIn, shipDropWith } from './support/shipping';
import { useApiOnTestDatabase } from './support/test-app';

describe('with STRIPE_AUTOMATIC_TAX on, the tax Stripe adds is charged and recorded on the order', () => {
  const stack = useApiOnTestDatabase({ worker: true, payments: true });
  let api: NestFastifyApplication;
  let db: Client;
  let payments: PaymentsHarness;
  let drop: LiveDrop;

  beforeAll(async () => {
    ({ app: api, db, payments } = stack);
    drop = await openLiveDrop(api, db, { units: [20], perCustomerLimit: 2 });
    await shipDropWith(api, drop.owner, drop.collective, drop.id);
  });

  it('asks for automatic tax; the order keeps goods, shipping and a non-zero tax that add up to what was paid', async () => {
    const fan = await createAccount(api, db);
    const order = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0], 1);
    const [sent] = payments.stripe
      .requestsTo('POST', '/v1/checkout/sessions')
      .filter((r) => (r.params.client_reference_id as string) === order.orderId);
    expect(sent.params.automatic_tax).toEqual({ enabled: 'true' });

    // Express to Portugal: 30.00 of goods and 15.00 of shipping, each taxed at the stand-in's
    // flat 10 %: 3.00 + 1.50.
    const [completed] = payments.stripe.pay(order.sessionId, addressIn('PT', 1));
    const session = (completed.data as { object: Record<string, unknown> }).object;
    const tax = standInTax(3000) + standInTax(1500);
    expect(tax).toBe(450);
    expect(session).toMatchObject({
      amount_subtotal: 3000,
      amount_total: 3000 + 1500 + 450,
      automatic_tax: { enabled: true, status: 'complete' },
      shipping_cost: { amount_subtotal: 1500, amount_tax: 150, amount_total: 1650 },
      total_details: { amount_shipping: 1500, amount_tax: 450 },
    });
    expect((await payments.stripe.deliver(completed)).status).toBe(200);
    await orderReaches(db, order.orderId, 'paid');

    const { rows } = await db.query(
      `SELECT amount_minor, shipping_minor, tax_minor, total_minor, refund_reason
         FROM orders WHERE id = $1`,
      [order.orderId],
    );
    expect(rows[0]).toEqual({
      amount_minor: 3000,
      shipping_minor: 1500,
      tax_minor: 450,
      total_minor: 4950,
      refund_reason: null,
    });
    // What the fan was charged is the order's total.
    const intent = payments.stripe.store.paymentIntents.get(String(session.payment_intent));
    expect(intent?.amount).toBe(4950);

    const mine = await request(api.getHttpServer())
      .get(`/me/orders/${order.orderId}`)
      .set('authorization', fan.bearer)
      .expect(200);
    expect(mine.body.shipping).toMatchObject({
      shippingMinor: 1500,
      taxMinor: 450,
      totalMinor: 4950,
    });
  });
});
