import { useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import { attributeLabel } from '../../lib/format';
import { ConfirmAction } from '../../ui/confirm-action';
import { Field } from '../../ui/field';
import { ErrorNotice, Loading, Notice } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import {
  type CatalogueItem,
  type CreateItemInput,
  type ItemKind,
  type UpdateItemInput,
  useCreateItem,
  useDeleteItem,
  useItem,
  useItemKinds,
  useUpdateItem,
} from './catalogue-hooks';
import { explainInUse } from './in-use';
import { ItemImages } from './item-images';
import { attributesFrom, fieldsOf, initialValues, SchemaFields } from './schema-fields';
import { ItemVariants } from './item-variants';

export default function ItemEditorPage() {
  const { collective, itemId } = useParams<{ collective: string; itemId?: string }>();
  const kinds = useItemKinds();
  const item = useItem(collective, itemId);
  usePageTitle(itemId ? (item.data?.title ?? 'Item') : 'New item');
  if (kinds.isPending || (itemId && item.isPending)) return <Loading label="Loading the item…" />;
  if (kinds.isError) return <ErrorNotice error={kinds.error} title="Kinds could not be loaded" />;
  if (item.isError) return <ErrorNotice error={item.error} title="This item could not be loaded" />;
  return (
    <article className="stack">
      <p>
        <Link href={`/collectives/${collective}/items`}>← Items</Link>
      </p>
      {item.data ? (
        <ExistingItem collective={collective} item={item.data} kinds={kinds.data.kinds} />
      ) : (
        <NewItem collective={collective} kinds={kinds.data.kinds} />
      )}
    </article>
  );
}

function NewItem({ collective, kinds }: { collective: string; kinds: ItemKind[] }) {
  const [, navigate] = useLocation();
  const [kindName, setKindName] = useState<string>(kinds[0]?.name ?? '');
  const kind = kinds.find((k) => k.name === kindName);
  const create = useCreateItem(collective);

  async function submit(details: ItemDetails) {
    const created = await create.mutateAsync({ kind: kindName, ...details } as CreateItemInput);
    navigate(`/collectives/${collective}/items/${created.id}`);
  }

  return (
    <>
      <h1>New item</h1>
      <div className="field">
        <label htmlFor="item-kind">Kind</label>
        <select id="item-kind" value={kindName} onChange={(e) => setKindName(e.target.value)}>
          {kinds.map((k) => (
            <option key={k.name} value={k.name}>
              {attributeLabel(k.name)}
            </option>
          ))}
        </select>
        {kind && <p className="hint">{kind.description}</p>}
      </div>
      {kind && (
        <ItemDetailsForm
          key={kind.name}
          kind={kind}
          submitLabel="Create item"
          busy={create.isPending}
          error={create.error}
          onSubmit={(details) => submit(details)}
        />
      )}
    </>
  );
}

function ExistingItem({
  collective,
  item,
  kinds,
}: {
  collective: string;
  item: CatalogueItem;
  kinds: ItemKind[];
}) {
  const [, navigate] = useLocation();
  const kind = kinds.find((k) => k.name === item.kind);
  const update = useUpdateItem(collective, item.id);
  const remove = useDeleteItem(collective);
  const [saved, setSaved] = useState(false);
  return (
    <>
      <header className="row">
        <h1>{item.title}</h1>
        <span className="badge">{attributeLabel(item.kind)}</span>
      </header>
      {!kind && (
        <Notice tone="warning" title="Unknown kind">
          <p>This API no longer lists the kind “{item.kind}”; its attributes cannot be edited.</p>
        </Notice>
      )}
      {kind && (
        <section className="card stack" aria-labelledby="details-heading">
          <h2 id="details-heading">Details</h2>
          <ItemDetailsForm
            key={item.updatedAt}
            kind={kind}
            item={item}
            submitLabel="Save details"
            busy={update.isPending}
            error={update.error}
            onSubmit={async (details) => {
              setSaved(false);
              // The attributes are the generated form's; the API validates them against the kind.
              await update.mutateAsync(details as UpdateItemInput);
              setSaved(true);
            }}
          />
          {saved && <Notice tone="success">Saved.</Notice>}
        </section>
      )}
      {kind && <ItemVariants collective={collective} item={item} kind={kind} />}
      <ItemImages collective={collective} item={item} />
      <section className="card stack" aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete this item</h2>
        <p className="muted">
          Only an item that no drop uses (drafts and cancelled drops included) can be deleted.
        </p>
        <div>
          <ConfirmAction
            label="Delete item"
            buttonLabel={`Delete item ${item.title}`}
            title={`Delete ${item.title}?`}
            description="The item, its variants and its images are deleted for good."
            confirmLabel="Delete item"
            tone="danger"
            onConfirm={async () => {
              try {
                await remove.mutateAsync(item.id);
              } catch (error) {
                throw explainInUse(error);
              }
              navigate(`/collectives/${collective}/items`);
            }}
          />
        </div>
      </section>
    </>
  );
}

interface ItemDetails {
  title: string;
  description: string;
  attributes: Record<string, unknown>;
}

/** Title, description and the kind's item attributes, generated from its schema. */
function ItemDetailsForm({
  kind,
  item,
  submitLabel,
  busy,
  error,
  onSubmit,
}: {
  kind: ItemKind;
  item?: CatalogueItem;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (details: ItemDetails) => Promise<void>;
}) {
  const fields = useMemo(() => fieldsOf(kind.itemAttributes), [kind]);
  const [title, setTitle] = useState(item?.title ?? '');
  const [description, setDescription] = useState(item?.description ?? '');
  const [values, setValues] = useState(() => initialValues(fields, item?.attributes));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ title, description, attributes: attributesFrom(fields, values) }).catch(
      () => undefined,
    );
  };

  return (
    <form className="stack" onSubmit={submit}>
      <Field
        label="Title"
        required
        maxLength={200}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
      />
      <div className="field">
        <label htmlFor={`item-description-${kind.name}`}>Description</label>
        <textarea
          id={`item-description-${kind.name}`}
          rows={3}
          maxLength={10_000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <SchemaFields
        legend={`${attributeLabel(kind.name)} attributes`}
        fields={fields}
        values={values}
        onChange={setValues}
      />
      {error !== null && error !== undefined && (
        <ErrorNotice error={error} title="The item was not saved" />
      )}
      <div>
        <button type="submit" className="button" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
