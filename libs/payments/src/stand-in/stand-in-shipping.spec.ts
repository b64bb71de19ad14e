import { parseFormParams } from './form-params';
import { applyCustomerShipping, shippingFieldsOnCreate } from './stand-in-shipping';

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
});
