import { Link, useParams } from 'wouter';
import { isApiError } from '../../api/api-error';
import { ConfirmAction } from '../../ui/confirm-action';
import { ErrorNotice, Loading } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { type ConsoleDrop, useCollectiveDrops } from '../drops/drop-hooks';
import { describeRate } from './rate-text';
import {
  countryName,
  type ShippingProfile,
  useDeleteShippingProfile,
  useShippingProfiles,
} from './shipping-hooks';

/**
 * A 409 SHIPPING_PROFILE_IN_USE with the drops' names, where the confirmation dialog shows it:
 * the API names drops by id, the collective knows them by name.
 */
function explainProfileInUse(error: unknown, drops: ConsoleDrop[]): unknown {
  if (!isApiError(error, 'SHIPPING_PROFILE_IN_USE')) return error;
  const details = Array.isArray(error.details)
    ? (error.details as Array<{ dropIds?: string[] }>)
    : [];
  const names = (details[0]?.dropIds ?? []).map(
    (id) => drops.find((drop) => drop.id === id)?.name ?? id,
  );
  return new Error(
    `Drops that are not closed or cancelled ship with it: ${names.join(', ')}. ` +
      'Give them another profile first (SHIPPING_PROFILE_IN_USE).',
  );
}

/** The collective's shipping profiles: zones, their countries and each rate's price. */
export default function ShippingProfilesPage() {
  const { collective } = useParams<{ collective: string }>();
  const profiles = useShippingProfiles(collective);
  usePageTitle('Shipping');
  return (
    <section className="stack">
      <header className="row">
        <h1>Shipping profiles</h1>
        <Link className="button" href={`/collectives/${collective}/shipping/new`}>
          New profile
        </Link>
      </header>
      <p className="muted">
        A profile lists where you ship (zones of countries) and what each zone costs. A drop ships
        with one profile: checkout asks fans for an address in its countries only and offers its
        rates (at most five, Stripe&apos;s limit). Orders keep what they were charged when a profile
        changes.
      </p>
      {profiles.isPending && <Loading label="Loading shipping profiles…" />}
      {profiles.isError && (
        <ErrorNotice error={profiles.error} title="Shipping profiles could not be loaded" />
      )}
      {profiles.data && profiles.data.length === 0 && (
        <p>No shipping profile yet: create one before you schedule a drop of physical goods.</p>
      )}
      {profiles.data && profiles.data.length > 0 && (
        <ul className="plain-list stack" aria-label="Shipping profiles">
          {profiles.data.map((profile) => (
            <li key={profile.id}>
              <ProfileCard collective={collective} profile={profile} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ProfileCard({ collective, profile }: { collective: string; profile: ShippingProfile }) {
  const remove = useDeleteShippingProfile(collective);
  const drops = useCollectiveDrops(collective);
  const headingId = `profile-${profile.id}`;
  return (
    <article className="card stack" aria-labelledby={headingId}>
      <header className="row">
        <h2 id={headingId}>{profile.name}</h2>
        <span className="muted">{profile.currency}</span>
      </header>
      {profile.zones.map((zone) => (
        <section key={zone.name} className="stack" aria-label={`${profile.name}: ${zone.name}`}>
          <h3>{zone.name}</h3>
          <p className="wrap-anywhere">
            <span className="visually-hidden">Countries: </span>
            {zone.countries.map((code) => `${countryName(code)} (${code})`).join(', ')}
          </p>
          <ul>
            {zone.rates.map((rate) => (
              <li key={rate.name}>
                <strong>{rate.name}</strong>: {describeRate(rate, profile.currency)}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <div className="row">
        <Link
          className="button secondary button-small"
          href={`/collectives/${collective}/shipping/${profile.id}`}
          aria-label={`Edit ${profile.name}`}
        >
          Edit
        </Link>
        <ConfirmAction
          label="Delete"
          buttonLabel={`Delete ${profile.name}`}
          title={`Delete ${profile.name}?`}
          description="Only a profile no open drop ships with can be deleted; closed and cancelled drops let go of it, and their orders keep the shipping they were charged."
          confirmLabel="Delete profile"
          tone="danger"
          onConfirm={async () => {
            try {
              await remove.mutateAsync(profile.id);
            } catch (error) {
              throw explainProfileInUse(error, drops.data?.drops ?? []);
            }
          }}
        />
      </div>
    </article>
  );
}
