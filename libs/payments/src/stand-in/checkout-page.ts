// The stand-in's hosted payment page for development and browser tests: what Stripe Checkout's
// page asks of a customer (the shipping address, in the allowed countries only, and one of the
// shipping options, with the totals), and buttons that act as the customer.
import { STAND_IN_TAX_PERCENT, standInTax } from './stand-in-shipping';
import type { Json } from './stand-in-store';

const text = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

const escape = (value: unknown): string =>
  text(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Integer minor units as money (5000 JPY is ¥5,000, 8500 EUR is €85.00). */
export function money(minor: unknown, currency: unknown): string {
  const code = text(currency).toUpperCase();
  try {
    const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency: code });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(Number(minor) / 10 ** digits);
  } catch {
    return `${text(minor)} ${code} (minor units)`;
  }
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const countryName = (code: string): string => regionNames.of(code) ?? code;

/**
 * The country Stripe's page would start with: the first region in the browser's
 * Accept-Language (`pt-PT,pt;q=0.9` → PT) when the session ships there, else none (the customer
 * chooses). Stripe uses the customer's location; the language is what a local page can know.
 */
export function preferredCountry(acceptLanguage: string | null, allowed: string[]): string | null {
  const regions = (acceptLanguage ?? '')
    .split(',')
    .map((part) => /^[a-z]{2,3}-([a-z]{2})\b/i.exec(part.trim())?.[1]?.toUpperCase())
    .filter((region): region is string => region !== undefined);
  return regions.find((region) => allowed.includes(region)) ?? null;
}

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
button{font:inherit;padding:.6rem 1rem;margin:.25rem .5rem .25rem 0;cursor:pointer}
fieldset{border:1px solid #999;border-radius:.4rem;margin:0 0 1rem;padding:.5rem 1rem 1rem}
.field{display:block;margin:.6rem 0}.field input,.field select{display:block;width:100%;box-sizing:border-box;font:inherit;padding:.4rem}
.option{display:flex;gap:.5rem;align-items:baseline;margin:.4rem 0}
dl{display:grid;grid-template-columns:1fr auto;gap:.2rem 1rem;margin:0 0 1rem}dd{margin:0;text-align:right}
.note{color:#555;font-size:.9rem}</style></head><body><main>${body}</main></body></html>`;

const field = (label: string, name: string, autocomplete: string, required = true): string =>
  `<div class="field"><label for="f-${name}">${escape(label)}${required ? '' : ' (optional)'}</label>
<input id="f-${name}" name="${name}" autocomplete="${autocomplete}"${required ? ' required' : ''}></div>`;

/** The address form and the shipping options with what each makes the total, when it ships. */
function shippingFields(session: Json, rates: Json[], country: string | null): string {
  const collection = session.shipping_address_collection as { allowed_countries: string[] } | null;
  if (!collection) return '';
  const subtotal = Number(session.amount_subtotal);
  const taxed = (session.automatic_tax as { enabled?: boolean } | null)?.enabled === true;
  const countries = [...collection.allowed_countries]
    .sort((a, b) => countryName(a).localeCompare(countryName(b)))
    .map(
      (c) =>
        `<option value="${escape(c)}"${c === country ? ' selected' : ''}>${escape(countryName(c))}</option>`,
    )
    .join('');
  const options = rates
    .map((rate, i) => {
      const { amount, currency } = rate.fixed_amount as { amount: number; currency: string };
      const tax = taxed ? standInTax(subtotal) + standInTax(amount) : 0;
      return `<label class="option"><input type="radio" name="option" value="${i}"${i === 0 ? ' checked' : ''}>
<span>${escape(rate.display_name)}: ${escape(money(amount, currency))} · total ${escape(money(subtotal + amount + tax, currency))}</span></label>`;
    })
    .join('');
  return `<fieldset><legend>Shipping address</legend>
${field('Full name', 'name', 'shipping name')}
${field('Address line 1', 'line1', 'shipping address-line1')}
${field('Address line 2', 'line2', 'shipping address-line2', false)}
${field('City', 'city', 'shipping address-level2')}
${field('Postal code', 'postalCode', 'shipping postal-code')}
${field('State or region', 'state', 'shipping address-level1', false)}
<div class="field"><label for="f-country">Country</label>
<select id="f-country" name="country" autocomplete="shipping country" required>${country ? '' : '<option value="">Choose a country</option>'}${countries}</select></div>
<p class="note">This checkout ships only to the countries listed.</p>
</fieldset>${options ? `<fieldset><legend>Shipping method</legend>${options}</fieldset>` : ''}${
    taxed
      ? `<p class="note">Tax: ${STAND_IN_TAX_PERCENT}% of the goods and of the shipping (the stand-in's flat rate for Stripe Tax), included in each total.</p>`
      : ''
  }`;
}

export function errorPage(message: string): string {
  return page('Checkout', `<h1>Checkout refused</h1><p>${escape(message)}</p>`);
}

/** The page for an open session; `acceptLanguage` preselects the customer's country. */
export function checkoutPage(
  session: Json,
  rates: Json[] = [],
  acceptLanguage: string | null = null,
): string {
  const id = escape(session.id);
  if (session.status !== 'open') {
    return page(
      'Checkout',
      `<h1>Checkout</h1><p>This checkout is <strong>${escape(session.status)}</strong>.</p>`,
    );
  }
  const collection = session.shipping_address_collection as { allowed_countries: string[] } | null;
  const country = collection
    ? preferredCountry(acceptLanguage, collection.allowed_countries)
    : null;
  const ships = collection !== null;
  const heading = ships
    ? `Pay ${money(session.amount_subtotal, session.currency)} + shipping`
    : `Pay ${money(session.amount_total, session.currency)}`;
  return page(
    'Checkout (Stripe stand-in)',
    `<h1>${escape(heading)}</h1>
<p class="note">Local Stripe stand-in: nothing is charged. Session <code>${id}</code>,
expires ${escape(new Date(Number(session.expires_at) * 1000).toISOString())}.</p>
${ships ? `<dl><dt>Goods</dt><dd>${escape(money(session.amount_subtotal, session.currency))}</dd></dl>` : ''}
<form method="post" action="/checkout/${id}/pay">${shippingFields(session, rates, country)}
<button>Pay</button><button formaction="/checkout/${id}/pay-late">Pay late (delayed method)</button></form>
<form method="post" action="/checkout/${id}/abandon"><button>Abandon (let it expire)</button></form>`,
  );
}

export function resultPage(session: Json, what: string, next: string | null): string {
  return page(
    'Checkout',
    `<h1>${escape(what)}</h1><p class="note">Session <code>${escape(session.id)}</code> is now
${escape(session.status)} (${escape(session.payment_status)}).</p>
${next ? `<p><a href="${escape(next)}">Continue</a></p>` : ''}`,
  );
}
