import { useState } from 'react';
import { Link } from 'wouter';
import { SelectField } from '../../ui/select-field';
import { ErrorNotice, Loading, Notice } from '../../ui/status';
import { describeRate } from './rate-text';
import {
  countriesOf,
  countryName,
  useDropShipping,
  useSetDropShipping,
  useShippingProfiles,
} from './shipping-hooks';

/** Drops that still sell: a missing profile matters to fans yet to buy. */
const SELLING = new Set(['draft', 'scheduled', 'live', 'sold_out']);

/**
 * Where a drop ships to and with which of the collective's profiles, chosen here. A drop without
 * a profile still sells, but checkout then asks for no address (docs/shipping.md), so the
 * editor says so plainly rather than refusing to schedule.
 */
export function DropShipping({
  collective,
  dropId,
  dropState,
}: {
  collective: string;
  dropId: string;
  dropState: string;
}) {
  const current = useDropShipping(collective, dropId);
  const profiles = useShippingProfiles(collective);
  const choose = useSetDropShipping(collective, dropId);
  const [chosen, setChosen] = useState('');
  const profile = current.data;
  const selected = chosen || profile?.id || profiles.data?.[0]?.id || '';

  return (
    <section className="card stack" aria-labelledby="drop-shipping-heading">
      <h2 id="drop-shipping-heading">Shipping</h2>
      {current.isPending && <Loading label="Loading the drop's shipping…" />}
      {current.isError && (
        <ErrorNotice error={current.error} title="The drop's shipping could not be loaded" />
      )}
      {current.data === null && SELLING.has(dropState) && (
        <Notice tone="warning" title="This drop has no shipping profile">
          <p>
            Fans will not be asked for an address and will pay no shipping, so you will not know
            where to send their parcels. Choose a profile before the drop opens.
          </p>
        </Notice>
      )}
      {current.data === null && !SELLING.has(dropState) && (
        <p className="muted">This drop had no shipping profile.</p>
      )}
      {profile && (
        <div className="stack">
          <p>
            Ships with <strong>{profile.name}</strong> to {countriesOf(profile).length}{' '}
            {countriesOf(profile).length === 1 ? 'country' : 'countries'}:
          </p>
          <ul aria-label="Where this drop ships to">
            {profile.zones.map((zone) => (
              <li key={zone.name}>
                <strong>{zone.name}</strong>:{' '}
                {zone.countries.map((code) => `${countryName(code)} (${code})`).join(', ')}
                <br />
                <span className="muted">
                  {zone.rates
                    .map((rate) => `${rate.name}: ${describeRate(rate, profile.currency)}`)
                    .join('; ')}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {profiles.data && profiles.data.length === 0 && (
        <p>
          The collective has no shipping profile yet.{' '}
          <Link href={`/collectives/${collective}/shipping/new`}>Create one</Link>, then come back
          to choose it.
        </p>
      )}
      {profiles.data && profiles.data.length > 0 && (
        <form
          className="row"
          aria-label="Choose the drop's shipping profile"
          onSubmit={(event) => {
            event.preventDefault();
            if (selected) choose.mutate(selected);
          }}
        >
          <SelectField
            label="Shipping profile"
            value={selected}
            onChange={(e) => setChosen(e.target.value)}
            choices={profiles.data.map((p) => ({
              value: p.id,
              label: `${p.name} (${p.currency}, ${countriesOf(p).length} countries)`,
            }))}
          />
          <button
            type="submit"
            className="button secondary"
            disabled={choose.isPending || selected === profile?.id}
          >
            Ship with this profile
          </button>
        </form>
      )}
      {choose.isError && (
        <ErrorNotice error={choose.error} title="The drop's shipping was not changed" />
      )}
      {choose.isSuccess && (
        <Notice tone="success">The drop now ships with {choose.data.name}.</Notice>
      )}
    </section>
  );
}
