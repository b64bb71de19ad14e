// A request's parameters read as Stripe reads them: a missing or malformed one is refused
// before any work begins, with Stripe's code and the param it names.
import type { FormParams, FormValue } from './form-params';
import { StripeStandInError } from './stand-in-basics';

export const invalid = (
  message: string,
  param?: string,
  code = 'parameter_invalid_empty',
): never => {
  throw new StripeStandInError(400, 'invalid_request_error', message, code, param, true);
};

/** Stripe's window for `expires_at`: 30 minutes to 24 hours after creation. */
export const SESSION_MIN_SECONDS = 30 * 60;
export const SESSION_MAX_SECONDS = 24 * 60 * 60;

export function str(
  value: FormValue | undefined,
  param: string,
  required = true,
): string | undefined {
  if (value === undefined || value === '') {
    if (required) invalid(`Missing required param: ${param}.`, param, 'parameter_missing');
    return undefined;
  }
  if (typeof value !== 'string') return invalid(`Invalid string: ${param}`, param);
  return value;
}

export function int(value: FormValue | undefined, param: string, min: number): number | undefined {
  const raw = str(value, param, false);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw) || Number(raw) < min) {
    return invalid(`Invalid integer: ${raw}`, param, 'parameter_invalid_integer');
  }
  return Number(raw);
}

export function record(value: FormValue | undefined, param: string): Record<string, string> {
  if (value === undefined || value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    return invalid(`Invalid object: ${param}`, param);
  }
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
}

export function list(value: FormValue | undefined): FormValue[] {
  if (value === undefined || value === '') return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'object') return Object.values(value);
  return [value];
}

/** Checks `line_items` as Stripe does (one currency, a price and a name each) and adds them up. */
export function priceLineItems(params: FormParams): { currency: string; total: number } {
  const items = list(params.line_items);
  if (items.length === 0) invalid('Missing required param: line_items.', 'line_items');
  let currency: string | undefined;
  let total = 0;
  items.forEach((raw, i) => {
    const param = `line_items[${i}]`;
    if (typeof raw !== 'object' || Array.isArray(raw)) return invalid('Invalid line item', param);
    const quantity = int(raw.quantity, `${param}[quantity]`, 1) ?? 1;
    const price = raw.price_data;
    if (typeof price !== 'object' || Array.isArray(price)) {
      return invalid('Each line item needs price_data.', `${param}[price_data]`);
    }
    const lineCurrency = str(price.currency, `${param}[price_data][currency]`) as string;
    if (!/^[a-z]{3}$/.test(lineCurrency)) {
      invalid('Invalid currency.', `${param}[price_data][currency]`, 'parameter_invalid_string');
    }
    if (currency !== undefined && currency !== lineCurrency) {
      invalid('All line items must share one currency.', `${param}[price_data][currency]`);
    }
    currency = lineCurrency;
    const unit = int(price.unit_amount, `${param}[price_data][unit_amount]`, 0);
    if (unit === undefined) {
      invalid('Missing unit_amount.', `${param}[price_data][unit_amount]`, 'parameter_missing');
    }
    const product = price.product_data;
    if (typeof product !== 'object' || Array.isArray(product)) {
      return invalid('Missing product_data.', `${param}[price_data][product_data]`);
    }
    str(product.name, `${param}[price_data][product_data][name]`);
    total += (unit as number) * quantity;
  });
  return { currency: currency as string, total };
}

/** `expires_at`, or Stripe's default of 24 hours; refused outside Stripe's window. */
export function sessionExpiry(params: FormParams, created: number): number {
  const expiresAt = int(params.expires_at, 'expires_at', 0) ?? created + SESSION_MAX_SECONDS;
  if (expiresAt < created + SESSION_MIN_SECONDS || expiresAt > created + SESSION_MAX_SECONDS) {
    invalid(
      'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.',
      'expires_at',
      'parameter_invalid_integer',
    );
  }
  return expiresAt;
}
