import { useMemo, useState, type FormEvent } from 'react';
import { attributeLabel, attributeValue, formatMoney } from '../../lib/format';
import { ConfirmAction } from '../../ui/confirm-action';
import { DataTable, type Column } from '../../ui/data-table';
import { Field } from '../../ui/field';
import { ErrorNotice, Notice } from '../../ui/status';
import {
  type CatalogueItem,
  type CatalogueVariant,
  type CreateVariantInput,
  type ItemKind,
  useCreateVariant,
  useDeleteVariant,
  useUpdateVariant,
} from './catalogue-hooks';
import { explainInUse } from './in-use';
import { toMajorText, toMinorUnits } from './money';
import { attributesFrom, fieldsOf, initialValues, SchemaFields } from './schema-fields';

/** The item's variants: price, edition, numbering, what no drop has taken; add, edit, delete. */
export function ItemVariants({
  collective,
  item,
  kind,
}: {
  collective: string;
  item: CatalogueItem;
  kind: ItemKind;
}) {
  const remove = useDeleteVariant(collective, item.id);
  const [editing, setEditing] = useState<string>();
  const columns: Column<CatalogueVariant>[] = [
    { key: 'label', header: 'Variant', cell: (v) => v.label },
    { key: 'sku', header: 'SKU', cell: (v) => <span className="mono">{v.sku}</span> },
    {
      key: 'attributes',
      header: 'Attributes',
      cell: (v) =>
        Object.entries(v.attributes)
          .map(([name, value]) => `${attributeLabel(name)}: ${attributeValue(value)}`)
          .join(', '),
    },
    {
      key: 'price',
      header: 'Price',
      numeric: true,
      cell: (v) => formatMoney(v.priceMinor, v.currency),
    },
    {
      key: 'edition',
      header: 'Edition',
      cell: (v) => `${v.editionSize}${v.numbered ? ', numbered' : ''}`,
    },
    { key: 'unallocated', header: 'Unallocated', numeric: true, cell: (v) => v.unallocated },
    {
      key: 'actions',
      header: 'Actions',
      cell: (v) => (
        <div className="row">
          <button
            type="button"
            className="button button-small secondary"
            aria-label={`Edit variant ${v.label}`}
            aria-expanded={editing === v.id}
            onClick={() => setEditing(editing === v.id ? undefined : v.id)}
          >
            Edit
          </button>
          <ConfirmAction
            label="Delete"
            buttonLabel={`Delete variant ${v.label}`}
            title={`Delete ${v.label}?`}
            description="Only a variant that no drop uses can be deleted."
            confirmLabel="Delete variant"
            tone="danger"
            onConfirm={async () => {
              try {
                await remove.mutateAsync(v.id);
              } catch (error) {
                throw explainInUse(error);
              }
            }}
          />
        </div>
      ),
    },
  ];
  const edited = item.variants.find((v) => v.id === editing);
  return (
    <section className="card stack" aria-labelledby="variants-heading">
      <h2 id="variants-heading">Variants</h2>
      <DataTable
        caption={`Variants of ${item.title}`}
        columns={columns}
        rows={item.variants}
        rowKey={(v) => v.id}
        empty="No variants yet: add one below."
      />
      {edited && (
        <VariantForm
          key={`${edited.id}-${edited.updatedAt}`}
          collective={collective}
          item={item}
          kind={kind}
          variant={edited}
          onDone={() => setEditing(undefined)}
        />
      )}
      <VariantForm
        key={`new-${item.variants.length}`}
        collective={collective}
        item={item}
        kind={kind}
      />
    </section>
  );
}

function VariantForm({
  collective,
  item,
  kind,
  variant,
  onDone,
}: {
  collective: string;
  item: CatalogueItem;
  kind: ItemKind;
  variant?: CatalogueVariant;
  onDone?: () => void;
}) {
  const fields = useMemo(() => fieldsOf(kind.variantAttributes), [kind]);
  const create = useCreateVariant(collective, item.id);
  const update = useUpdateVariant(collective, item.id);
  const currencyDefault = variant?.currency ?? item.variants[0]?.currency ?? 'EUR';
  const [label, setLabel] = useState(variant?.label ?? '');
  const [sku, setSku] = useState(variant?.sku ?? '');
  const [currency, setCurrency] = useState(currencyDefault);
  const [price, setPrice] = useState(
    variant ? toMajorText(variant.priceMinor, variant.currency) : '',
  );
  const [editionSize, setEditionSize] = useState(variant ? String(variant.editionSize) : '');
  const [numbered, setNumbered] = useState(variant?.numbered ?? false);
  const [values, setValues] = useState(() => initialValues(fields, variant?.attributes));
  const [priceError, setPriceError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const prefix = variant ? `Edit ${variant.label}` : 'Add a variant';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const priceMinor = toMinorUnits(price, currency.trim().toUpperCase());
    if (priceMinor === undefined) {
      setPriceError(`Enter an amount in ${currency}, e.g. 85.00`);
      return;
    }
    setPriceError(undefined);
    const body = {
      label,
      sku,
      currency: currency.trim().toUpperCase(),
      priceMinor,
      editionSize: Number(editionSize),
      numbered,
      attributes: attributesFrom(fields, values),
    } as CreateVariantInput;
    if (variant) {
      await update.mutateAsync({ variantId: variant.id, body });
      onDone?.();
    } else {
      await create.mutateAsync(body);
    }
    setSaved(true);
  }

  const error = variant ? update.error : create.error;
  return (
    <form
      className="stack"
      aria-label={prefix}
      onSubmit={(event) => void submit(event).catch(() => undefined)}
    >
      <h3>{prefix}</h3>
      <Field
        label="Label"
        required
        maxLength={120}
        value={label}
        onChange={(e) => setLabel(e.target.value)}
      />
      <Field
        label="SKU"
        required
        maxLength={64}
        hint="Unique in the collective: letters, digits, “.”, “_” or “-”."
        value={sku}
        onChange={(e) => setSku(e.target.value)}
      />
      <div className="field-pair">
        <Field
          label={`Price (${currency || 'currency'})`}
          required
          inputMode="decimal"
          value={price}
          error={priceError}
          onChange={(e) => setPrice(e.target.value)}
        />
        <Field
          label="Currency"
          required
          maxLength={3}
          hint="ISO 4217, e.g. EUR"
          value={currency}
          onChange={(e) => setCurrency(e.target.value.toUpperCase())}
        />
      </div>
      <Field
        label="Edition size"
        type="number"
        required
        min={1}
        max={1_000_000}
        step={1}
        hint={
          variant
            ? `At least the ${variant.allocated} units drops already have.`
            : 'Units in this edition, ever.'
        }
        value={editionSize}
        onChange={(e) => setEditionSize(e.target.value)}
      />
      <div className="field checkbox-field">
        <label>
          <input
            type="checkbox"
            checked={numbered}
            onChange={(e) => setNumbered(e.target.checked)}
          />{' '}
          Numbered (each unit carries “#17 of {editionSize || 'N'}”)
        </label>
      </div>
      <SchemaFields
        legend={`${attributeLabel(kind.name)} variant attributes`}
        fields={fields}
        values={values}
        onChange={setValues}
      />
      {error && <ErrorNotice error={error} title="The variant was not saved" />}
      {saved && !variant && <Notice tone="success">Variant added.</Notice>}
      <div className="row">
        <button type="submit" className="button" disabled={create.isPending || update.isPending}>
          {variant ? 'Save variant' : 'Add variant'}
        </button>
        {variant && (
          <button type="button" className="button secondary" onClick={onDone}>
            Close
          </button>
        )}
      </div>
    </form>
  );
}
