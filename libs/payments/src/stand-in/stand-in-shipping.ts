// What the stand-in does with physical goods, as Stripe Checkout does it (API 2026-10-28.endive):
// `shipping_address_collection.allowed_countries` limits the address the page accepts,
// `shipping_options[].shipping_rate_data` become shipping rates (`shr_…`) offered to every
// address alike (the first preselected), and the completed session carries
// `collected_information.shipping_details`, `shipping_cost` and `total_details`.
import type { FormParams, FormValue } from './form-params';
import { type Json, StripeStandInError, stripeId } from './stand-in-basics';

/** Stripe's own limit on `shipping_options`. */
export const MAX_SHIPPING_OPTIONS = 5;

/** What the customer enters on the payment page. */
export interface CustomerShipping {
  name: string;
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  state?: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** The chosen option: its index in `shipping_options` or its `shr_…` id; default the first. */
  option?: number | string;
}

const invalid = (message: string, param: string, code = 'parameter_invalid_empty'): never => {
  throw new StripeStandInError(400, 'invalid_request_error', message, code, param, true);
};

const asObject = (value: FormValue | undefined): Record<string, FormValue> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;

const asList = (value: FormValue | undefined): FormValue[] =>
  Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : [];

/** `shipping_address_collection[allowed_countries]`: at least one, each a two-letter code. */
function allowedCountries(collection: Record<string, FormValue>): FormValue[] {
  const countries = asList(collection.allowed_countries);
  if (countries.length === 0) {
    invalid(
      'Missing required param: shipping_address_collection[allowed_countries].',
      'shipping_address_collection[allowed_countries]',
      'parameter_missing',
    );
  }
  countries.forEach((country, i) => {
    if (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country)) {
      invalid(
        `Invalid shipping_address_collection[allowed_countries][${i}]: must be one of the supported country codes`,
        `shipping_address_collection[allowed_countries][${i}]`,
        'parameter_invalid_string',
      );
    }
  });
  return countries;
}

/**
 * The session fields for the shipping parameters of `POST /v1/checkout/sessions`; `{}` when the
 * session ships nothing. Refuses what Stripe refuses: too many options, an option in another
 * currency, a negative amount, an unknown country code.
 */
export function shippingFieldsOnCreate(
  params: FormParams,
  currency: string,
  subtotal: number,
): { fields: Json; rates: Json[] } {
  const collection = asObject(params.shipping_address_collection);
  const options = asList(params.shipping_options);
  const automaticTax = asObject(params.automatic_tax)?.enabled === 'true';
  if (!collection && options.length === 0) {
    return {
      fields: {
        shipping_address_collection: null,
        shipping_options: [],
        shipping_cost: null,
        collected_information: null,
        total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
        automatic_tax: taxField(automaticTax),
      },
      rates: [],
    };
  }
  const countries = collection ? allowedCountries(collection) : [];
  if (options.length > MAX_SHIPPING_OPTIONS) {
    invalid(
      `shipping_options can have at most ${MAX_SHIPPING_OPTIONS} elements.`,
      'shipping_options',
      'parameter_invalid_array',
    );
  }
  const offered = options.map((raw, i) => shippingRateFrom(raw, i, currency));
  const first = offered.at(0);
  const shipping = first ? (first.rate.fixed_amount as { amount: number }).amount : 0;
  return {
    fields: {
      shipping_address_collection: collection ? { allowed_countries: countries } : null,
      shipping_options: offered.map(({ rate }) => ({
        shipping_amount: (rate.fixed_amount as { amount: number }).amount,
        shipping_rate: rate.id,
      })),
      // Stripe preselects the first option: the session's totals include it from the start.
      shipping_cost: first ? costOf(first.rate) : null,
      collected_information: null,
      total_details: { amount_discount: 0, amount_shipping: shipping, amount_tax: 0 },
      automatic_tax: taxField(automaticTax),
      amount_total: subtotal + shipping,
    },
    rates: offered.map(({ rate }) => rate),
  };
}

/**
 * The stand-in is not a tax engine. With `automatic_tax[enabled]=true` it charges, once the
 * customer's shipping address is known, a flat {@link STAND_IN_TAX_PERCENT} % exclusive tax on the
 * goods and, separately, on the shipping, each rounded half up to the minor unit: the same session
 * always gets the same tax, and a test can work it out. Before the address is known the status is
 * `requires_location_inputs` and the tax 0, as at Stripe. Sessions without automatic tax pay none.
 */
export const STAND_IN_TAX_PERCENT = 10;

/** The stand-in's tax on `amountMinor`, rounded half up: 10 % of 1500 is 150, of 655 is 66. */
export const standInTax = (amountMinor: number): number =>
  Math.floor((amountMinor * STAND_IN_TAX_PERCENT + 50) / 100);

const taxField = (enabled: boolean): Json => ({
  enabled,
  liability: null,
  provider: enabled ? 'stripe' : null,
  status: enabled ? 'requires_location_inputs' : null,
});

function shippingRateFrom(raw: FormValue, i: number, currency: string): { rate: Json } {
  const param = `shipping_options[${i}]`;
  const data = asObject(asObject(raw)?.shipping_rate_data);
  if (!data) return invalid('Each shipping option needs shipping_rate_data.', param);
  const displayName = data.display_name;
  if (typeof displayName !== 'string' || displayName === '') {
    invalid('Missing required param: display_name.', `${param}[shipping_rate_data][display_name]`);
  }
  if (data.type !== undefined && data.type !== 'fixed_amount') {
    invalid('Invalid type: must be fixed_amount.', `${param}[shipping_rate_data][type]`);
  }
  const fixed = asObject(data.fixed_amount);
  const amount = typeof fixed?.amount === 'string' ? fixed.amount : '';
  if (!/^\d+$/.test(amount)) {
    invalid(
      'Invalid non-negative integer.',
      `${param}[shipping_rate_data][fixed_amount][amount]`,
      'parameter_invalid_integer',
    );
  }
  if (fixed?.currency !== currency) {
    invalid(
      'The shipping rate currency must match the currency of the line items.',
      `${param}[shipping_rate_data][fixed_amount][currency]`,
      'parameter_invalid_string',
    );
  }
  const metadata = asObject(data.metadata) ?? {};
  return {
    rate: {
      id: stripeId('shr'),
      object: 'shipping_rate',
      active: true,
      display_name: displayName,
      type: 'fixed_amount',
      fixed_amount: { amount: Number(amount), currency },
      metadata,
      tax_behavior: 'unspecified',
      livemode: false,
    },
  };
}

function costOf(rate: Json, tax = 0): Json {
  const amount = (rate.fixed_amount as { amount: number }).amount;
  return {
    amount_subtotal: amount,
    amount_tax: tax,
    amount_total: amount + tax,
    shipping_rate: rate.id,
  };
}

/** The customer's address as Stripe records it, or the page's refusal of it. */
function collectedAddress(allowedCountries: readonly string[], customer?: CustomerShipping): Json {
  if (!customer) {
    throw new StripeStandInError(
      400,
      'invalid_request_error',
      'A shipping address is required to complete this Checkout Session.',
      'shipping_address_required',
    );
  }
  const country = customer.country.toUpperCase();
  if (!allowedCountries.includes(country)) {
    throw new StripeStandInError(
      400,
      'invalid_request_error',
      `This Checkout Session does not ship to ${country}.`,
      'shipping_address_country_not_allowed',
      'shipping_details[address][country]',
    );
  }
  return {
    business_name: null,
    individual_name: null,
    shipping_details: {
      name: customer.name,
      address: {
        line1: customer.line1,
        line2: customer.line2 ?? null,
        city: customer.city,
        postal_code: customer.postalCode,
        state: customer.state ?? null,
        country,
      },
    },
  };
}

/**
 * The customer fills in the page: refused, as Stripe's page refuses it, when the session collects
 * an address and none is given, the country is not allowed, or the option is not offered.
 */
export function applyCustomerShipping(
  session: Json,
  rates: readonly Json[],
  customer: CustomerShipping | undefined,
): void {
  const collection = session.shipping_address_collection as { allowed_countries: string[] } | null;
  if (!collection && rates.length === 0) return;
  if (collection) {
    session.collected_information = collectedAddress(collection.allowed_countries, customer);
  }
  const wanted = customer?.option ?? 0;
  const rate = typeof wanted === 'number' ? rates.at(wanted) : rates.find((r) => r.id === wanted);
  if (rates.length > 0 && !rate) {
    throw new StripeStandInError(
      400,
      'invalid_request_error',
      `No such shipping option: ${String(wanted)}`,
      'resource_missing',
      'shipping_rate',
    );
  }
  const shipping = rate ? (rate.fixed_amount as { amount: number }).amount : 0;
  const subtotal = session.amount_subtotal as number;
  const automaticTax = (session.automatic_tax as { enabled: boolean } | undefined)?.enabled;
  const taxOnShipping = automaticTax && collection ? standInTax(shipping) : 0;
  const tax = automaticTax && collection ? standInTax(subtotal) + taxOnShipping : 0;
  session.shipping_cost = rate ? costOf(rate, taxOnShipping) : null;
  if (automaticTax) session.automatic_tax = { ...taxField(true), status: 'complete' };
  session.total_details = { amount_discount: 0, amount_shipping: shipping, amount_tax: tax };
  session.amount_total = subtotal + shipping + tax;
}
