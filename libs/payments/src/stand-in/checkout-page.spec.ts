import { checkoutPage, money, preferredCountry } from './checkout-page';
import { parseFormParams } from './form-params';
import { shippingFieldsOnCreate } from './stand-in-shipping';

const SHIPPING = parseFormParams(
  'shipping_address_collection[allowed_countries][0]=PT&shipping_address_collection[allowed_countries][1]=DE' +
    '&shipping_options[0][shipping_rate_data][display_name]=Standard%20(Europe)' +
    '&shipping_options[0][shipping_rate_data][fixed_amount][amount]=600' +
    '&shipping_options[0][shipping_rate_data][fixed_amount][currency]=eur' +
    '&shipping_options[1][shipping_rate_data][display_name]=Express%20(Europe)' +
    '&shipping_options[1][shipping_rate_data][fixed_amount][amount]=1500' +
    '&shipping_options[1][shipping_rate_data][fixed_amount][currency]=eur',
);

const openSession = (extra: Record<string, unknown> = {}) => {
  const { fields, rates } = shippingFieldsOnCreate(SHIPPING, 'eur', 8500);
  return {
    session: {
      id: 'cs_test_page',
      status: 'open',
      currency: 'eur',
      amount_subtotal: 8500,
      expires_at: 1_800_000_000,
      ...fields,
      ...extra,
    },
    rates,
  };
};

describe("the stand-in's payment page", () => {
  it('formats money per currency', () => {
    expect(money(8500, 'eur')).toBe('€85.00');
    expect(money(5000, 'jpy')).toMatch(/¥5,000$/);
  });

  it("starts at the browser's country only when the session ships there", () => {
    expect(preferredCountry('pt-PT,pt;q=0.9,en;q=0.8', ['DE', 'PT'])).toBe('PT');
    expect(preferredCountry('en-GB,en;q=0.9,de-DE;q=0.5', ['DE', 'PT'])).toBe('DE');
    expect(preferredCountry('en-GB', ['DE', 'PT'])).toBeNull();
    expect(preferredCountry('*', ['DE', 'PT'])).toBeNull();
    expect(preferredCountry(null, ['DE', 'PT'])).toBeNull();
  });

  it('offers only the allowed countries, by name, and each option with the total it makes', () => {
    const { session, rates } = openSession();
    const html = checkoutPage(session, rates, 'en-GB');
    const countries = [...html.matchAll(/<option value="([A-Z]*)"[^>]*>([^<]*)</g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(countries).toEqual([
      ['', 'Choose a country'],
      ['DE', 'Germany'],
      ['PT', 'Portugal'],
    ]);
    expect(html).toContain('Standard (Europe): €6.00 · total €91.00');
    expect(html).toContain('Express (Europe): €15.00 · total €100.00');
    expect(html).not.toContain('Tax:');
    expect(checkoutPage(session, rates, 'pt-PT')).toContain('<option value="PT" selected>');
  });

  it("with automatic tax, the totals include the stand-in's documented tax", () => {
    const { session, rates } = openSession({ automatic_tax: { enabled: true } });
    const html = checkoutPage(session, rates, null);
    // 85.00 + 6.00, plus 10 % of each: 8.50 + 0.60.
    expect(html).toContain('Standard (Europe): €6.00 · total €100.10');
    expect(html).toContain('Tax: 10% of the goods and of the shipping');
  });

  it('a session that ships nothing asks for no address', () => {
    const html = checkoutPage({
      id: 'cs_test_plain',
      status: 'open',
      currency: 'eur',
      amount_subtotal: 2800,
      amount_total: 2800,
      expires_at: 1_800_000_000,
      shipping_address_collection: null,
    });
    expect(html).toContain('<h1>Pay €28.00</h1>');
    expect(html).not.toContain('Shipping address');
  });
});
