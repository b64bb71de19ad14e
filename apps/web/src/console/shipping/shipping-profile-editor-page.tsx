import { useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import { isApiError } from '../../api/api-error';
import { Field } from '../../ui/field';
import { ErrorNotice, Loading, Notice } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { toMajorText, toMinorUnits } from '../catalogue/money';
import {
  countryName,
  type ShippingProfile,
  type ShippingProfileInput,
  useSaveShippingProfile,
  useShippingProfile,
} from './shipping-hooks';

/** Stripe Checkout offers at most five shipping options per session: a profile's rates in all. */
const MAX_RATES = 5;

interface RateForm {
  name: string;
  flat: string;
  perUnit: string;
  freeAbove: string;
}
interface ZoneForm {
  name: string;
  countries: string;
  rates: RateForm[];
}
interface ProfileForm {
  name: string;
  currency: string;
  zones: ZoneForm[];
}

const emptyRate = (): RateForm => ({ name: '', flat: '', perUnit: '0', freeAbove: '' });
const emptyZone = (): ZoneForm => ({ name: '', countries: '', rates: [emptyRate()] });

function formFrom(profile: ShippingProfile | undefined): ProfileForm {
  if (!profile) return { name: '', currency: 'EUR', zones: [emptyZone()] };
  const money = (minor: number) => toMajorText(minor, profile.currency);
  return {
    name: profile.name,
    currency: profile.currency,
    zones: profile.zones.map((zone) => ({
      name: zone.name,
      countries: zone.countries.join(', '),
      rates: zone.rates.map((rate) => ({
        name: rate.name,
        flat: money(rate.flatMinor),
        perUnit: money(rate.perUnitMinor),
        freeAbove: rate.freeAboveMinor === null ? '' : money(rate.freeAboveMinor),
      })),
    })),
  };
}

/** "de, fr pt" → ["DE", "FR", "PT"]: codes as typed, separated by commas or spaces. */
const countryCodes = (text: string): string[] =>
  text
    .split(/[\s,;]+/)
    .map((code) => code.trim().toUpperCase())
    .filter(Boolean);

type MoneyErrors = Record<string, string>;

/** The form as the API takes it, or the amount fields that are not money of the currency. */
function toInput(form: ProfileForm): { input?: ShippingProfileInput; errors: MoneyErrors } {
  const currency = form.currency.trim().toUpperCase();
  const errors: MoneyErrors = {};
  const amount = (text: string, key: string, optional = false): number | null => {
    if (optional && text.trim() === '') return null;
    const minor = toMinorUnits(text, currency);
    if (minor === undefined) {
      errors[key] = `Enter an amount in ${currency || 'the currency'}, e.g. 5.00`;
      return 0;
    }
    return minor;
  };
  const zones = form.zones.map((zone, z) => ({
    name: zone.name.trim(),
    countries: countryCodes(zone.countries),
    rates: zone.rates.map((rate, r) => ({
      name: rate.name.trim(),
      flatMinor: amount(rate.flat, `${z}.${r}.flat`) ?? 0,
      perUnitMinor: amount(rate.perUnit, `${z}.${r}.perUnit`) ?? 0,
      freeAboveMinor: amount(rate.freeAbove, `${z}.${r}.freeAbove`, true),
    })),
  }));
  if (Object.keys(errors).length > 0) return { errors };
  return { input: { name: form.name.trim(), currency, zones }, errors };
}

export default function ShippingProfileEditorPage() {
  const { collective, profileId } = useParams<{ collective: string; profileId?: string }>();
  const profile = useShippingProfile(collective, profileId);
  usePageTitle(profileId ? (profile.data?.name ?? 'Shipping profile') : 'New shipping profile');
  if (profileId && profile.isPending) return <Loading label="Loading the profile…" />;
  if (profile.isError)
    return <ErrorNotice error={profile.error} title="This profile could not be loaded" />;
  return (
    <ProfileEditor
      key={profile.data?.updatedAt ?? 'new'}
      collective={collective}
      profile={profile.data}
    />
  );
}

function ProfileEditor({
  collective,
  profile,
}: {
  collective: string;
  profile: ShippingProfile | undefined;
}) {
  const [, navigate] = useLocation();
  const [form, setForm] = useState<ProfileForm>(() => formFrom(profile));
  const [moneyErrors, setMoneyErrors] = useState<MoneyErrors>({});
  const save = useSaveShippingProfile(collective, profile?.id);
  const rateCount = form.zones.reduce((n, zone) => n + zone.rates.length, 0);
  const currency = form.currency.trim().toUpperCase() || 'currency';

  const setZone = (z: number, patch: Partial<ZoneForm>) =>
    setForm((f) => ({
      ...f,
      zones: f.zones.map((zone, i) => (i === z ? { ...zone, ...patch } : zone)),
    }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { input, errors } = toInput(form);
    setMoneyErrors(errors);
    if (!input) return;
    await save.mutateAsync(input);
    navigate(`/collectives/${collective}/shipping`);
  }

  return (
    <article className="stack">
      <p>
        <Link href={`/collectives/${collective}/shipping`}>← Shipping profiles</Link>
      </p>
      <h1>{profile ? `Edit ${profile.name}` : 'New shipping profile'}</h1>
      <form
        className="stack card"
        aria-label={profile ? `Edit ${profile.name}` : 'New shipping profile'}
        onSubmit={(event) => void submit(event).catch(() => undefined)}
      >
        <div className="field-pair">
          <Field
            label="Profile name"
            required
            maxLength={80}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
          <Field
            label="Currency"
            required
            maxLength={3}
            pattern="[A-Za-z]{3}"
            hint="ISO 4217, the currency of the drops that use it, e.g. EUR"
            value={form.currency}
            onChange={(e) => setForm({ ...form, currency: e.target.value.toUpperCase() })}
          />
        </div>
        {form.zones.map((zone, z) => (
          <ZoneFieldset
            key={z}
            index={z}
            zone={zone}
            currency={currency}
            moneyErrors={moneyErrors}
            canAddRate={rateCount < MAX_RATES}
            removable={form.zones.length > 1}
            onChange={(patch) => setZone(z, patch)}
            onRemove={() => setForm({ ...form, zones: form.zones.filter((_, i) => i !== z) })}
          />
        ))}
        <p className="hint" role="status">
          {rateCount} of {MAX_RATES} rates: Stripe Checkout offers at most five shipping options, so
          a profile has at most five rates across its zones. A country belongs to one zone.
        </p>
        <div>
          <button
            type="button"
            className="button secondary"
            disabled={rateCount >= MAX_RATES}
            onClick={() => setForm({ ...form, zones: [...form.zones, emptyZone()] })}
          >
            Add a zone
          </button>
        </div>
        {save.error && <ProfileRefusal error={save.error} />}
        {Object.keys(moneyErrors).length > 0 && (
          <Notice tone="danger" alert>
            Some amounts are not money in {currency}; see the fields marked above.
          </Notice>
        )}
        <div className="row">
          <button type="submit" className="button" disabled={save.isPending}>
            {profile ? 'Save profile' : 'Create profile'}
          </button>
          <Link className="button secondary" href={`/collectives/${collective}/shipping`}>
            Cancel
          </Link>
        </div>
      </form>
    </article>
  );
}

/** One zone: its name, countries and rates (each rate a fieldset of its own). */
function ZoneFieldset({
  index: z,
  zone,
  currency,
  moneyErrors,
  canAddRate,
  removable,
  onChange,
  onRemove,
}: {
  index: number;
  zone: ZoneForm;
  currency: string;
  moneyErrors: MoneyErrors;
  canAddRate: boolean;
  removable: boolean;
  onChange: (patch: Partial<ZoneForm>) => void;
  onRemove: () => void;
}) {
  const codes = countryCodes(zone.countries);
  const setRate = (r: number, patch: Partial<RateForm>) =>
    onChange({ rates: zone.rates.map((rate, i) => (i === r ? { ...rate, ...patch } : rate)) });
  return (
    <fieldset className="stack card" aria-label={`Zone ${z + 1}`}>
      <legend>
        <h2>
          Zone {z + 1}
          {zone.name ? `: ${zone.name}` : ''}
        </h2>
      </legend>
      <Field
        label="Zone name"
        required
        maxLength={30}
        hint="Shown to fans beside each rate, e.g. “Standard (Europe)”."
        value={zone.name}
        onChange={(e) => onChange({ name: e.target.value })}
      />
      <Field
        label="Countries"
        required
        hint={
          codes.length > 0
            ? `Two-letter codes, separated by commas: ${codes.map(countryName).join(', ')}`
            : 'Two-letter codes (ISO 3166-1), separated by commas, e.g. DE, FR, PT'
        }
        value={zone.countries}
        onChange={(e) => onChange({ countries: e.target.value })}
      />
      {zone.rates.map((rate, r) => (
        <fieldset
          key={r}
          className="stack plain-fieldset"
          aria-label={`Zone ${z + 1}, rate ${r + 1}`}
        >
          <legend>
            <h3>Rate {r + 1}</h3>
          </legend>
          <Field
            label="Rate name"
            required
            maxLength={40}
            hint="Shown to fans at checkout, e.g. Standard, Express."
            value={rate.name}
            onChange={(e) => setRate(r, { name: e.target.value })}
          />
          <div className="field-pair">
            <Field
              label={`Per order (${currency})`}
              required
              inputMode="decimal"
              value={rate.flat}
              error={moneyErrors[`${z}.${r}.flat`]}
              onChange={(e) => setRate(r, { flat: e.target.value })}
            />
            <Field
              label={`Per unit (${currency})`}
              required
              inputMode="decimal"
              value={rate.perUnit}
              error={moneyErrors[`${z}.${r}.perUnit`]}
              onChange={(e) => setRate(r, { perUnit: e.target.value })}
            />
          </div>
          <Field
            label={`Free from (${currency})`}
            inputMode="decimal"
            hint="Optional: orders whose goods are worth at least this ship free."
            value={rate.freeAbove}
            error={moneyErrors[`${z}.${r}.freeAbove`]}
            onChange={(e) => setRate(r, { freeAbove: e.target.value })}
          />
          {zone.rates.length > 1 && (
            <div>
              <button
                type="button"
                className="button secondary button-small"
                onClick={() => onChange({ rates: zone.rates.filter((_, i) => i !== r) })}
              >
                Remove rate {r + 1} of zone {z + 1}
              </button>
            </div>
          )}
        </fieldset>
      ))}
      <div className="row">
        <button
          type="button"
          className="button secondary button-small"
          disabled={!canAddRate}
          onClick={() => onChange({ rates: [...zone.rates, emptyRate()] })}
        >
          Add a rate to zone {z + 1}
        </button>
        {removable && (
          <button type="button" className="button secondary button-small" onClick={onRemove}>
            Remove zone {z + 1}
          </button>
        )}
      </div>
    </fieldset>
  );
}

/** "zones.1.rates.0.flatMinor" → "Zone 2, rate 1, flatMinor": the form's own numbering. */
const fieldName = (field: string): string =>
  field
    .replace(/^zones\.(\d+)/, (_, z: string) => `Zone ${Number(z) + 1}`)
    .replace(/\.rates\.(\d+)/, (_, r: string) => `, rate ${Number(r) + 1}`)
    .replace(/\.countries(\.\d+)?/, ', countries')
    .replace(/\.(\w+)$/, ', $1');

/** The API's refusal with each of its reasons ("Zone 2, countries: PT is already in …"). */
function ProfileRefusal({ error }: { error: unknown }) {
  const details =
    isApiError(error) && Array.isArray(error.details)
      ? (error.details as Array<{ field?: string; message: string }>)
      : [];
  return (
    <Notice tone="danger" title="The profile was not saved" alert>
      <p>{error instanceof Error ? error.message : 'Please try again.'}</p>
      {details.length > 0 && (
        <ul>
          {details.map((detail, i) => (
            <li key={i}>
              {detail.field ? `${fieldName(detail.field)}: ` : ''}
              {detail.message}
            </li>
          ))}
        </ul>
      )}
    </Notice>
  );
}
