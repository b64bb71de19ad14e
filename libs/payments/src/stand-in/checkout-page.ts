// The stand-in's hosted "payment page" for development: three buttons that act as the customer.
import type { Json } from './stand-in-store';

const text = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

const escape = (value: unknown): string =>
  text(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const money = (minor: unknown, currency: unknown): string =>
  `${(Number(minor) / 100).toFixed(2)} ${text(currency).toUpperCase()}`;

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}
button{font:inherit;padding:.6rem 1rem;margin:.25rem .5rem .25rem 0;cursor:pointer}
.note{color:#666;font-size:.9rem}</style></head><body>${body}</body></html>`;

/** The address form and the shipping options, when the session ships goods. */
function shippingFields(session: Json, rates: Json[]): string {
  const collection = session.shipping_address_collection as { allowed_countries: string[] } | null;
  if (!collection) return '';
  const countries = collection.allowed_countries
    .map((c) => `<option value="${escape(c)}">${escape(c)}</option>`)
    .join('');
  const options = rates
    .map(
      (rate, i) =>
        `<label><input type="radio" name="option" value="${i}"${i === 0 ? ' checked' : ''}>
${escape(rate.display_name)}: ${escape(money((rate.fixed_amount as Json).amount, (rate.fixed_amount as Json).currency))}</label><br>`,
    )
    .join('');
  return `<fieldset><legend>Shipping address</legend>
<label>Name <input name="name" autocomplete="name" required></label><br>
<label>Address <input name="line1" autocomplete="address-line1" required></label><br>
<label>City <input name="city" autocomplete="address-level2" required></label><br>
<label>Postal code <input name="postalCode" autocomplete="postal-code" required></label><br>
<label>Country <select name="country" autocomplete="country">${countries}</select></label>
</fieldset>${options ? `<fieldset><legend>Shipping</legend>${options}</fieldset>` : ''}`;
}

export function errorPage(message: string): string {
  return page('Checkout', `<h1>Checkout refused</h1><p>${escape(message)}</p>`);
}

export function checkoutPage(session: Json, rates: Json[] = []): string {
  const id = escape(session.id);
  if (session.status !== 'open') {
    return page(
      'Checkout',
      `<h1>Checkout</h1><p>This checkout is <strong>${escape(session.status)}</strong>.</p>`,
    );
  }
  return page(
    'Checkout (Stripe stand-in)',
    `<h1>Pay ${escape(money(session.amount_total, session.currency))}</h1>
<p class="note">Local Stripe stand-in: nothing is charged. Session <code>${id}</code>,
expires ${escape(new Date(Number(session.expires_at) * 1000).toISOString())}.</p>
<form method="post" action="/checkout/${id}/pay">${shippingFields(session, rates)}<button>Pay</button></form>
<form method="post" action="/checkout/${id}/pay-late">${shippingFields(session, rates)}<button>Pay late (delayed method)</button></form>
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
