import { useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import { isApiError } from '../../api/api-error';
import { RELEASE_MODE_LABELS } from '../../lib/format';
import type { DropLine } from '../../storefront/hooks/drops';
import { Field } from '../../ui/field';
import { ErrorNotice, Loading, Notice } from '../../ui/status';
import { StateBadge } from '../../ui/state-badge';
import { usePageTitle } from '../../ui/use-page-title';
import { DropShipping } from '../shipping/drop-shipping';
import { CancelDrop } from './cancel-drop';
import {
  type ConsoleDrop,
  type ConsoleItem,
  useCollective,
  useCollectiveDrop,
  useCollectiveItems,
  useCreateDrop,
  useScheduleDrop,
  useSetDropLine,
  useUpdateDrop,
} from './drop-hooks';
import { DropPreview } from './drop-preview';

interface DropForm {
  name: string;
  slug: string;
  description: string;
  releaseMode: 'first_come' | 'waitlist_first' | 'raffle';
  startsAt: string;
  endsAt: string;
  earlyAccessStartsAt: string;
  entryClosesAt: string;
  holdMinutes: string;
  perCustomerLimit: string;
  /** Units per variant id, as typed. */
  lines: Record<string, string>;
}

/** `datetime-local` speaks the browser's local time; the API takes instants. */
const toInstant = (local: string): string | null => (local ? new Date(local).toISOString() : null);
const toLocal = (iso: string | null | undefined): string => {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
};

function formFrom(drop: ConsoleDrop | undefined): DropForm {
  return {
    name: drop?.name ?? '',
    slug: drop?.slug ?? '',
    description: drop?.description ?? '',
    releaseMode: drop?.releaseMode ?? 'first_come',
    startsAt: toLocal(drop?.startsAt),
    endsAt: toLocal(drop?.endsAt),
    earlyAccessStartsAt: toLocal(drop?.earlyAccessStartsAt),
    entryClosesAt: toLocal(drop?.entryClosesAt),
    holdMinutes: String((drop?.holdSeconds ?? 600) / 60),
    perCustomerLimit: String(drop?.perCustomerLimit ?? 1),
    lines: Object.fromEntries(
      (drop?.lines ?? []).map((line) => [line.variant.id, String(line.allocated)]),
    ),
  };
}

const slugify = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 100);

/** The draft's lines in the storefront's shape, for the preview. */
function previewLines(items: ConsoleItem[], lines: Record<string, string>): DropLine[] {
  return items.flatMap((item) =>
    item.variants
      .filter((variant) => Number(lines[variant.id]) > 0)
      .map((variant) => ({
        id: variant.id,
        variant: {
          id: variant.id,
          sku: variant.sku,
          label: variant.label,
          attributes: variant.attributes,
          numbered: variant.numbered,
          editionSize: variant.editionSize,
        },
        // The whole item: its kind and attributes stay paired, as the drop page expects.
        item,
        priceMinor: variant.priceMinor,
        currency: variant.currency,
        allocated: Number(lines[variant.id]),
        remaining: Number(lines[variant.id]),
      })),
  );
}

/** What each state lets a collective change; the API refuses the rest and says why. */
const EDITABLE: Record<string, string> = {
  draft: 'Everything can change until the drop is scheduled.',
  scheduled:
    'Details and times can change until the drop opens; lines and prices are fixed once scheduled.',
  live: 'A live drop accepts only a later end.',
  closed: 'A closed drop can no longer change.',
  cancelled: 'A cancelled drop can no longer change.',
};

export default function DropEditorPage() {
  const { collective, dropId } = useParams<{ collective: string; dropId?: string }>();
  const drop = useCollectiveDrop(collective, dropId);
  const items = useCollectiveItems(collective);
  usePageTitle(dropId ? (drop.data?.name ?? 'Drop') : 'Schedule a drop');
  if ((dropId && drop.isPending) || items.isPending) return <Loading label="Loading the drop…" />;
  if (drop.isError) return <ErrorNotice error={drop.error} title="This drop could not be loaded" />;
  if (items.isError) return <ErrorNotice error={items.error} title="Items could not be loaded" />;
  return (
    <DropEditor
      key={drop.data?.updatedAt ?? 'new'}
      collective={collective}
      drop={drop.data}
      items={items.data.items}
    />
  );
}

function DropEditor({
  collective,
  drop,
  items,
}: {
  collective: string;
  drop: ConsoleDrop | undefined;
  items: ConsoleItem[];
}) {
  const [, navigate] = useLocation();
  const [form, setForm] = useState<DropForm>(() => formFrom(drop));
  const create = useCreateDrop(collective);
  const update = useUpdateDrop(collective, drop?.id ?? '');
  const setLine = useSetDropLine(collective, drop?.id ?? '');
  const schedule = useScheduleDrop(collective, drop?.id ?? '');
  const [saved, setSaved] = useState(false);
  const state = drop?.state ?? 'draft';
  const fixed = state !== 'draft' && state !== 'scheduled';
  const set = (patch: Partial<DropForm>) => {
    setSaved(false);
    setForm((previous) => ({ ...previous, ...patch }));
  };

  const details = () => ({
    name: form.name,
    slug: form.slug || slugify(form.name),
    description: form.description,
    releaseMode: form.releaseMode,
    startsAt: toInstant(form.startsAt) ?? '',
    endsAt: toInstant(form.endsAt),
    earlyAccessStartsAt: toInstant(form.earlyAccessStartsAt),
    entryClosesAt: form.releaseMode === 'raffle' ? toInstant(form.entryClosesAt) : null,
    holdSeconds: Math.round(Number(form.holdMinutes) * 60),
    perCustomerLimit: Number(form.perCustomerLimit),
  });
  const chosenLines = Object.entries(form.lines)
    .filter(([, units]) => Number(units) > 0)
    .map(([variantId, units]) => ({ variantId, quantity: Number(units) }));

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!drop) {
      const created = await create.mutateAsync({ ...details(), lines: chosenLines });
      navigate(`/collectives/${collective}/drops/${created.id}`);
      return;
    }
    await update.mutateAsync(details());
    if (state === 'draft') {
      for (const line of chosenLines) {
        const current = drop.lines.find((l) => l.variant.id === line.variantId);
        if (current?.allocated !== line.quantity) await setLine.mutateAsync(line);
      }
    }
    setSaved(true);
  }

  const failure = create.error ?? update.error ?? setLine.error ?? schedule.error;
  const collectiveName = useCollective(collective).data?.name ?? '';

  return (
    <article className="stack">
      <header className="stack">
        <p>
          <Link href={`/collectives/${collective}/drops`}>← Drops</Link>
        </p>
        <h1>{drop ? drop.name : 'Schedule a drop'}</h1>
        {drop && (
          <p className="row">
            <StateBadge state={drop.state} />
            <span className="muted">{EDITABLE[drop.state]}</span>
            {drop.state !== 'draft' && (
              <Link href={`/collectives/${collective}/drops/${drop.id}/live`}>Live view</Link>
            )}
            <Link href={`/collectives/${collective}/orders?dropId=${drop?.id}`}>Orders</Link>
            <Link
              href={`/collectives/${collective}/fulfilment?dropId=${drop?.id}`}
              aria-label="Fulfilment of this drop"
            >
              Fulfilment
            </Link>
          </p>
        )}
      </header>
      <div className="drop-layout">
        <form className="stack card" onSubmit={(e) => void save(e).catch(() => undefined)}>
          <h2>Details</h2>
          <fieldset className="stack plain-fieldset" disabled={fixed}>
            <Field
              label="Name"
              required
              value={form.name}
              onChange={(e) => set({ name: e.target.value })}
            />
            <Field
              label="Slug"
              hint="The drop's address; made from the name when left empty."
              value={form.slug}
              onChange={(e) => set({ slug: e.target.value })}
            />
            <div className="field">
              <label htmlFor="drop-description">Description</label>
              <textarea
                id="drop-description"
                rows={3}
                value={form.description}
                onChange={(e) => set({ description: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="drop-release-mode">Release mode</label>
              <select
                id="drop-release-mode"
                value={form.releaseMode}
                onChange={(e) => set({ releaseMode: e.target.value as DropForm['releaseMode'] })}
              >
                {Object.entries(RELEASE_MODE_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <Field
              label="Opens at"
              type="datetime-local"
              required
              value={form.startsAt}
              onChange={(e) => set({ startsAt: e.target.value })}
            />
            <Field
              label="Ends at"
              type="datetime-local"
              hint="Optional: without an end the drop closes when it sells out."
              value={form.endsAt}
              onChange={(e) => set({ endsAt: e.target.value })}
            />
            <Field
              label="Early access opens at"
              type="datetime-local"
              hint="Optional: the waitlist may buy from this instant until the opening."
              value={form.earlyAccessStartsAt}
              onChange={(e) => set({ earlyAccessStartsAt: e.target.value })}
            />
            {form.releaseMode === 'raffle' && (
              <Field
                label="Raffle entries close at"
                type="datetime-local"
                value={form.entryClosesAt}
                onChange={(e) => set({ entryClosesAt: e.target.value })}
              />
            )}
            <Field
              label="Hold length (minutes)"
              type="number"
              min={1}
              step={1}
              hint="How long a fan keeps units while paying."
              value={form.holdMinutes}
              onChange={(e) => set({ holdMinutes: e.target.value })}
            />
            <Field
              label="Per-customer limit"
              type="number"
              min={1}
              step={1}
              value={form.perCustomerLimit}
              onChange={(e) => set({ perCustomerLimit: e.target.value })}
            />
            <p className="hint">
              Waiting room: every drop queues fans when demand outruns the platform&apos;s admission
              rate; it is configured for the platform, not per drop.
            </p>
          </fieldset>
          <fieldset className="stack plain-fieldset" disabled={state !== 'draft'}>
            <legend>
              <h2>Lines</h2>
            </legend>
            {state !== 'draft' && (
              <p className="hint">Lines are fixed once the drop is scheduled.</p>
            )}
            {items.length === 0 && (
              <p className="muted">No items yet: create one in the catalogue first.</p>
            )}
            {items.map((item) =>
              item.variants.map((variant) => {
                const inThisDrop =
                  drop?.lines.find((l) => l.variant.id === variant.id)?.allocated ?? 0;
                const free = variant.unallocated + inThisDrop;
                return (
                  <Field
                    key={variant.id}
                    label={`${item.title} — ${variant.label} (units)`}
                    type="number"
                    min={0}
                    max={free}
                    step={1}
                    hint={`${variant.unallocated} of ${variant.editionSize} free`}
                    value={form.lines[variant.id] ?? ''}
                    disabled={free === 0}
                    onChange={(e) =>
                      set({ lines: { ...form.lines, [variant.id]: e.target.value } })
                    }
                  />
                );
              }),
            )}
          </fieldset>
          {failure && (
            <ErrorNotice
              error={failure}
              title={
                isApiError(failure) && failure.status === 409
                  ? 'The drop’s state does not allow this'
                  : 'The drop could not be saved'
              }
            />
          )}
          {saved && <Notice tone="success">Saved.</Notice>}
          {!fixed && (
            <div className="row">
              <button type="submit" className="button" disabled={create.isPending}>
                {drop ? 'Save changes' : 'Create draft'}
              </button>
              {drop?.state === 'draft' && (
                <button
                  type="button"
                  className="button secondary"
                  disabled={schedule.isPending}
                  onClick={() => schedule.mutate()}
                >
                  Schedule
                </button>
              )}
            </div>
          )}
        </form>
        <DropPreview
          draft={{
            collectiveName,
            name: form.name,
            description: form.description,
            releaseMode: form.releaseMode,
            startsAt: toInstant(form.startsAt),
            endsAt: toInstant(form.endsAt),
            earlyAccessStartsAt: toInstant(form.earlyAccessStartsAt),
            lines: previewLines(items, form.lines),
          }}
        />
      </div>
      {drop ? (
        <DropShipping collective={collective} dropId={drop.id} dropState={drop.state} />
      ) : (
        <Notice tone="warning" title="Shipping comes next">
          <p>
            Create the draft, then choose the shipping profile it ships with: without one, fans are
            not asked for an address.
          </p>
        </Notice>
      )}
      {drop?.state === 'cancelled' && (
        <Notice tone="info" alert>
          The drop is cancelled: its holds have ended and nothing more can be sold.
        </Notice>
      )}
      {drop && (drop.state === 'draft' || drop.state === 'scheduled' || drop.state === 'live') && (
        <CancelDrop collective={collective} dropId={drop.id} />
      )}
    </article>
  );
}
