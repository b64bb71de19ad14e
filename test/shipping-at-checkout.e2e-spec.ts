import './support/env/payments-offline';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { holdAndCheckout, orderReaches, orderRow, type PaymentsHarness } from './support/payments';
import { addressIn, EUROPE_AND_US, shipDropWith } from './support/shipping';
import { eventually, useApiOnTestDatabase } from './support/test-app';

describe('checkout collects the address and prices shipping by destination (Stripe stand-in, signed webhooks)', () => {
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

  const http = () => request(api.getHttpServer());

  it('the drop page shows what shipping costs per country before the fan holds', async () => {
    const res = await http().get(`/drops/${drop.id}/shipping?quantity=2`).expect(200);
    expect(res.body).toMatchObject({ dropId: drop.id, currency: 'EUR', quantity: 2 });
    const byCountry = Object.fromEntries(
      (res.body.countries as Array<{ country: string; zone: string; rates: unknown[] }>).map(
        (c) => [c.country, c],
      ),
    );
    expect(Object.keys(byCountry)).toEqual(['DE', 'FR', 'PT', 'US']);
    // Two units of 30.00: 5.00 + 2 × 1.00 standard, 15.00 express; the US flat 20.00.
    expect(byCountry.PT).toEqual({
      country: 'PT',
      zone: 'Europe',
      rates: [
        { name: 'Standard', amountMinor: 700 },
        { name: 'Express', amountMinor: 1500 },
      ],
    });
    expect(byCountry.US).toEqual({
      country: 'US',
      zone: 'United States',
      rates: [{ name: 'International', amountMinor: 2000 }],
    });
  });

  it('a fan in an allowed country pays goods + shipping; the order stores address, rate and amounts', async () => {
    const fan = await createAccount(api, db);
    const order = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0], 2);

    // What Stripe was asked: the drop's countries and one option per rate, named for its zone.
    const [sent] = payments.stripe
      .requestsTo('POST', '/v1/checkout/sessions')
      .filter((r) => (r.params.client_reference_id as string) === order.orderId);
    expect(sent.params.shipping_address_collection).toEqual({
      allowed_countries: ['DE', 'FR', 'PT', 'US'],
    });
    expect(sent.params.shipping_options).toEqual([
      expect.objectContaining({
        shipping_rate_data: expect.objectContaining({
          display_name: 'Standard (Europe)',
          type: 'fixed_amount',
          fixed_amount: { amount: '700', currency: 'eur' },
        }),
      }),
      expect.objectContaining({
        shipping_rate_data: expect.objectContaining({ display_name: 'Express (Europe)' }),
      }),
      expect.objectContaining({
        shipping_rate_data: expect.objectContaining({
          display_name: 'International (United States)',
          fixed_amount: { amount: '2000', currency: 'eur' },
        }),
      }),
    ]);

    // The fan picks Express to Portugal.
    const [completed] = payments.stripe.pay(order.sessionId, addressIn('PT', 1));
    const object = (completed.data as { object: Record<string, unknown> }).object;
    expect(object).toMatchObject({
      amount_subtotal: 6000,
      amount_total: 7500,
      shipping_cost: { amount_subtotal: 1500, amount_total: 1500 },
      total_details: { amount_shipping: 1500, amount_tax: 0 },
      collected_information: { shipping_details: { address: { country: 'PT' } } },
    });
    expect((await payments.stripe.deliver(completed)).status).toBe(200);
    await orderReaches(db, order.orderId, 'paid');

    const { rows } = await db.query(
      `SELECT shipping_country, shipping_zone_name, shipping_rate_name, shipping_minor, tax_minor,
              total_minor, amount_minor, shipping_address, fulfilment_status
         FROM orders WHERE id = $1`,
      [order.orderId],
    );
    expect(rows[0]).toEqual({
      shipping_country: 'PT',
      shipping_zone_name: 'Europe',
      shipping_rate_name: 'Express',
      shipping_minor: 1500,
      tax_minor: 0,
      total_minor: 7500,
      amount_minor: 6000,
      shipping_address: {
        name: 'Fan in PT',
        line1: '12 Rua do Norte',
        line2: null,
        city: 'Lisboa',
        postalCode: '1200-284',
        state: null,
        country: 'PT',
      },
      fulfilment_status: 'unfulfilled',
    });

    // The fan's order API shows it.
    const mine = await http()
      .get(`/me/orders/${order.orderId}`)
      .set('authorization', fan.bearer)
      .expect(200);
    expect(mine.body.shipping).toMatchObject({
      zoneName: 'Europe',
      rateName: 'Express',
      shippingMinor: 1500,
      totalMinor: 7500,
      address: { country: 'PT', city: 'Lisboa' },
    });
    expect(mine.body.fulfilment).toMatchObject({ status: 'unfulfilled', trackingNumber: null });

    // The confirmation says what the payment covered, where it ships and where to follow it.
    const confirmation = await eventually(() =>
      Promise.resolve(
        payments.mail.to(fan.email).find((m) => m.subject.startsWith('Order confirmed')),
      ),
    );
    expect(confirmation.text).toContain('Items: €60.00');
    expect(confirmation.text).toContain('Shipping (Express): €15.00');
    expect(confirmation.text).toContain('Tax: €0.00');
    expect(confirmation.text).toContain('Paid: €75.00');
    expect(confirmation.text).toContain(
      'Ships to: Fan in PT, 12 Rua do Norte, 1200-284 Lisboa, PT',
    );
    expect(confirmation.text).toMatch(
      new RegExp(`Follow your order: http\\S*/account/orders/${order.orderId}\\n`),
    );
  });

  it('a country not on the list is refused by the payment page, as Stripe refuses it; nothing is paid', async () => {
    const fan = await createAccount(api, db);
    const order = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0], 1);
    expect(() => payments.stripe.pay(order.sessionId, addressIn('GB'))).toThrow(
      /does not ship to GB/,
    );
    // The hosted page refuses the same form.
    const page = await fetch(`${payments.stripe.url}/checkout/${order.sessionId}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...addressIn('GB'), option: '0' }).toString(),
    });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('does not ship to GB');
    // And an address is required at all.
    expect(() => payments.stripe.pay(order.sessionId)).toThrow(/shipping address is required/);
    expect(payments.stripe.store.sessions.get(order.sessionId)?.status).toBe('open');
    expect((await orderRow(db, order.orderId)).status).toBe('awaiting_payment');

    // The page lists only the drop's countries.
    const form = await (await fetch(order.checkoutUrl)).text();
    // (by name, as a fan looks for their country: France, Germany, Portugal, United States)
    const offered = [...form.matchAll(/<option value="([A-Z]{2})"[^>]*>/g)].map((m) => m[1]);
    expect(offered).toEqual(['FR', 'DE', 'PT', 'US']);
    expect([...offered].sort()).toEqual(EUROPE_AND_US.zones.flatMap((z) => z.countries).sort());
    expect(form).not.toContain('value="GB"');
  });

  it("an option of another zone than the address's is refused at the webhook: refunded, never paid", async () => {
    const fan = await createAccount(api, db);
    const order = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0], 1);
    // Stripe offers every option to every address: the US fan picks Europe's cheap Standard.
    const [completed] = payments.stripe.pay(order.sessionId, addressIn('US', 0));
    expect((await payments.stripe.deliver(completed)).status).toBe(200);
    const row = await orderReaches(db, order.orderId, 'refunded');
    expect(row.refund_reason).toBe('payment_mismatch');
    const intent = payments.stripe.store.sessions.get(order.sessionId)?.payment_intent;
    const refunds = [...payments.stripe.store.refunds.values()].filter(
      (r) => r.payment_intent === intent,
    );
    expect(refunds).toHaveLength(1);
    expect(refunds[0].amount).toBe(3600);
    const { rows } = await db.query(
      `SELECT details->>'field' AS field, details->>'reason' AS reason FROM anomalies
        WHERE kind = 'payment_mismatch' AND subject_id = $1`,
      [order.orderId],
    );
    expect(rows).toEqual([{ field: 'shipping', reason: 'Standard (Europe) does not ship to US' }]);
  });

  it('profiles are refused when zones overlap or offer more than Stripe can (five options)', async () => {
    const overlap = {
      ...EUROPE_AND_US,
      name: 'Overlap',
      zones: [
        ...EUROPE_AND_US.zones,
        { ...EUROPE_AND_US.zones[1], name: 'Again', countries: ['PT'] },
      ],
    };
    const res = await http()
      .post(`/collectives/${drop.collective}/shipping-profiles`)
      .set('authorization', drop.owner.bearer)
      .send(overlap)
      .expect(422);
    expect(res.body.error.code).toBe('SHIPPING_ZONES_INVALID');
    const tooMany = {
      ...EUROPE_AND_US,
      name: 'Too many',
      zones: [
        {
          name: 'A',
          countries: ['DE'],
          rates: [1, 2, 3].map((n) => ({ name: `R${n}`, flatMinor: n, perUnitMinor: 0 })),
        },
        {
          name: 'B',
          countries: ['FR'],
          rates: [4, 5, 6].map((n) => ({ name: `R${n}`, flatMinor: n, perUnitMinor: 0 })),
        },
      ],
    };
    await http()
      .post(`/collectives/${drop.collective}/shipping-profiles`)
      .set('authorization', drop.owner.bearer)
      .send(tooMany)
      .expect(422);
    await http()
      .post(`/collectives/${drop.collective}/shipping-profiles`)
      .set('authorization', drop.owner.bearer)
      .send({
        ...EUROPE_AND_US,
        name: 'Lower case',
        zones: [{ ...EUROPE_AND_US.zones[1], countries: ['us'] }],
      })
      .expect(400);
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM shipping_profiles WHERE name IN ('Overlap', 'Too many', 'Lower case')`,
    );
    expect(rows[0].n).toBe(0);
  });

  it("another collective's staff cannot read or set this collective's shipping", async () => {
    const other: TestAccount = await createAccount(api, db);
    const res = await http()
      .get(`/collectives/${drop.collective}/shipping-profiles`)
      .set('authorization', other.bearer);
    expect([403, 404]).toContain(res.status);
    const set = await http()
      .put(`/collectives/${drop.collective}/drops/${drop.id}/shipping`)
      .set('authorization', other.bearer)
      .send({ profileId: '00000000-0000-4000-8000-000000000000' });
    expect([403, 404]).toContain(set.status);
  });
});
