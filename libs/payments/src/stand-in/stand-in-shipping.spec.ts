import { parseFormParams } from './form-params';
import {
  applyCustomerShipping,
  shippingFieldsOnCreate,
  STAND_IN_TAX_PERCENT,
  standInTax,
} from './stand-in-shipping';

const params = (body: string) => parseFormParams(body);
const SHIPPING =
  'shipping_address_collection[allowed_countries][0]=PT&shipping_address_collection[allowed_countries][1]=US' +
  '&shipping_options[0][shipping_rate_data][display_name]=Standard%20(Europe)' +
  '&shipping_options[0][shipping_rate_data][type]=fixed_amount' +
  '&shipping_options[0][shipping_rate_data][fixed_amount][amount]=700' +
  '&shipping_options[0][shipping_rate_data][fixed_amount][currency]=eur' +
  '&shipping_options[1][shipping_rate_data][display_name]=Air%20(US)' +
  '&shipping_options[1][shipping_rate_data][fixed_amount][amount]=2000' +
  '&shipping_options[1][shipping_rate_data][fixed_amount][currency]=eur';

describe('the stand-in ships like Stripe Checkout', () => {
  it('creates shipping rates and preselects the first option in the totals', () => {
    const { fields, rates } = shippingFieldsOnCreate(params(SHIPPING), 'eur', 3000);
    expect(rates.map((r) => r.display_name)).toEqual(['Standard (Europe)', 'Air (US)']);
    expect(fields).toMatchObject({
      shipping_address_collection: { allowed_countries: ['PT', 'US'] },
      shipping_options: [
        { shipping_amount: 700, shipping_rate: rates[0].id },
        { shipping_amount: 2000, shipping_rate: rates[1].id },
      ],
      shipping_cost: { amount_total: 700, shipping_rate: rates[0].id },
      total_details: { amount_shipping: 700, amount_tax: 0 },
      amount_total: 3700,
    });
  });

  it('refuses what Stripe refuses: six options, another currency', () => {
    const six = Array.from(
      { length: 6 },
      (_, i) =>
        `shipping_options[${i}][shipping_rate_data][display_name]=R${i}` +
        `&shipping_options[${i}][shipping_rate_data][fixed_amount][amount]=1` +
        `&shipping_options[${i}][shipping_rate_data][fixed_amount][currency]=eur`,
    ).join('&');
    expect(() => shippingFieldsOnCreate(params(six), 'eur', 1)).toThrow(/at most 5/);
    expect(() => shippingFieldsOnCreate(params(SHIPPING), 'usd', 1)).toThrow(/currency/);
  });

  it('fills in the chosen option and address; refuses a country not allowed or no address', () => {
    const { fields, rates } = shippingFieldsOnCreate(params(SHIPPING), 'eur', 3000);
    const session = { id: 'cs_test_1', amount_subtotal: 3000, ...fields };
    const address = {
      name: 'Mo',
      line1: 'Rua 1',
      city: 'Lisboa',
      postalCode: '1200',
      country: 'pt',
    };
    expect(() => applyCustomerShipping(session, rates, undefined)).toThrow(/address is required/);
    expect(() => applyCustomerShipping(session, rates, { ...address, country: 'GB' })).toThrow(
      /does not ship to GB/,
    );
    applyCustomerShipping(session, rates, { ...address, option: 1 });
    expect(session).toMatchObject({
      amount_total: 5000,
      shipping_cost: { amount_subtotal: 2000, shipping_rate: rates[1].id },
      total_details: { amount_shipping: 2000 },
      collected_information: {
        shipping_details: { name: 'Mo', address: { country: 'PT', postal_code: '1200' } },
      },
    });
  });

  it('with automatic tax, charges its documented flat tax on goods and shipping once the address is known', () => {
    expect(STAND_IN_TAX_PERCENT).toBe(10);
    // Half up to the minor unit: 65.5 → 66, 65.4 → 65.
    expect([standInTax(655), standInTax(654), standInTax(1500), standInTax(0)]).toEqual([
      66, 65, 150, 0,
    ]);
    const { fields, rates } = shippingFieldsOnCreate(
      params(`${SHIPPING}&automatic_tax[enabled]=true`),
      'eur',
      8500,
    );
    // Before the address: no tax yet, as at Stripe.
    expect(fields).toMatchObject({
      automatic_tax: { enabled: true, status: 'requires_location_inputs' },
      total_details: { amount_tax: 0 },
      amount_total: 9200,
    });
    const session = { id: 'cs_test_2', amount_subtotal: 8500, ...fields };
    applyCustomerShipping(session, rates, {
      name: 'Mo',
      line1: 'Rua 1',
      city: 'Lisboa',
      postalCode: '1200',
      country: 'PT',
      option: 0,
    });
    // 10 % of 85.00 is 8.50, of 7.00 shipping 0.70: 85.00 + 7.00 + 9.20.
    expect(session).toMatchObject({
      automatic_tax: { enabled: true, status: 'complete' },
      shipping_cost: { amount_subtotal: 700, amount_tax: 70, amount_total: 770 },
      total_details: { amount_shipping: 700, amount_tax: 920 },
      amount_total: 10_120,
    });
  });

  it('without automatic tax, charges none', () => {
    const { fields, rates } = shippingFieldsOnCreate(params(SHIPPING), 'eur', 8500);
    const session = { id: 'cs_test_3', amount_subtotal: 8500, ...fields };
    applyCustomerShipping(session, rates, {
      name: 'Mo',
      line1: 'Rua 1',
      city: 'Lisboa',
      postalCode: '1200',
      country: 'PT',
    });
    expect(session).toMatchObject({ total_details: { amount_tax: 0 }, amount_total: 9200 });
  });
});
