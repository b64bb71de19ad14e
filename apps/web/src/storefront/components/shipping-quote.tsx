import { useId } from 'react';
import { byCountryName, COUNTRY_CODES, countryName } from '../../lib/countries';
import { formatMoney } from '../../lib/format';
import { Notice } from '../../ui/status';
import { type DropShipping, useDropShipping } from '../hooks/shipping';
import { useShipTo } from '../ship-to';

/** More countries than this are not listed in the "does not ship" notice: the picker lists them. */
const LISTED_COUNTRIES = 12;

const priceOf = (minor: number, currency: string) =>
  minor === 0 ? 'free' : formatMoney(minor, currency);

/** "France, Germany and Portugal", in the fan's language; a count when they are many. */
function listOf(codes: string[]): string {
  if (codes.length > LISTED_COUNTRIES) return `${codes.length} countries, listed first above`;
  const names = byCountryName(codes).map(countryName);
  return new Intl.ListFormat(undefined, { type: 'conjunction' }).format(names);
}

function CountryPicker({
  quote,
  country,
  onChoose,
}: {
  quote: DropShipping;
  country: string | undefined;
  onChoose: (country: string) => void;
}) {
  const id = useId();
  const shipped = new Set(quote.countries.map((c) => c.country));
  const others = COUNTRY_CODES.filter((code) => !shipped.has(code));
  return (
    <div className="field">
      <label htmlFor={id}>Ship to</label>
      <select id={id} value={country ?? ''} onChange={(e) => onChoose(e.target.value)}>
        {!country && <option value="">Choose your country</option>}
        <optgroup label="This drop ships to">
          {byCountryName([...shipped]).map((code) => (
            <option key={code} value={code}>
              {countryName(code)}
            </option>
          ))}
        </optgroup>
        <optgroup label="Other countries">
          {byCountryName(others).map((code) => (
            <option key={code} value={code}>
              {countryName(code)}
            </option>
          ))}
        </optgroup>
      </select>
    </div>
  );
}

function QuoteFor({ quote, country }: { quote: DropShipping; country: string }) {
  const entry = quote.countries.find((c) => c.country === country);
  if (!entry) {
    const shipped = quote.countries.map((c) => c.country);
    return (
      <Notice tone="warning" title={`This drop does not ship to ${countryName(country)}`}>
        <p>
          It ships to {listOf(shipped)} only: checkout accepts an address there and nowhere else.
        </p>
      </Notice>
    );
  }
  const units = quote.quantity === 1 ? 'one unit' : `${quote.quantity} units`;
  return (
    <div>
      <p className="shipping-price">
        Shipping to {countryName(country)} ({entry.zone}), for {units}:
      </p>
      <ul className="plain-list shipping-rates">
        {entry.rates.map((rate) => (
          <li key={rate.name}>
            {rate.name}: <strong>{priceOf(rate.amountMinor, quote.currency)}</strong>
          </li>
        ))}
      </ul>
      <p className="hint">You enter the address and choose how it ships at checkout.</p>
    </div>
  );
}

/**
 * What shipping costs to the fan's country, before they hold: the countries the drop ships to,
 * the price of each way of sending it there, or a plain "does not ship to". A drop without
 * shipping says nothing.
 */
export function ShippingQuote({
  dropId,
  variantId,
  quantity,
}: {
  dropId: string;
  variantId: string | undefined;
  quantity: number;
}) {
  const quote = useDropShipping(dropId, variantId, quantity);
  const { country, choose } = useShipTo();
  const headingId = useId();
  if (quote.isPending || quote.data === null) return null;
  if (quote.isError) {
    return <p className="hint">Shipping prices could not be loaded; checkout shows them.</p>;
  }
  return (
    <section className="stack shipping-quote" aria-labelledby={headingId}>
      <h2 id={headingId} className="eyebrow">
        Shipping
      </h2>
      <CountryPicker quote={quote.data} country={country} onChoose={choose} />
      <div aria-live="polite">
        {country ? (
          <QuoteFor quote={quote.data} country={country} />
        ) : (
          <p className="hint">It ships to {listOf(quote.data.countries.map((c) => c.country))}.</p>
        )}
      </div>
    </section>
  );
}
