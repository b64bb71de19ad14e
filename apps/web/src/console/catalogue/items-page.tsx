import { Link, useParams } from 'wouter';
import { attributeLabel, formatMoney } from '../../lib/format';
import { DataTable, type Column } from '../../ui/data-table';
import { ErrorNotice, Loading } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { useCollectiveItems } from '../drops/drop-hooks';
import type { CatalogueItem } from './catalogue-hooks';

/** The collective's catalogue: every item with its variants and what no drop has taken yet. */
export default function ItemsPage() {
  const { collective } = useParams<{ collective: string }>();
  const items = useCollectiveItems(collective);
  usePageTitle('Items');
  const columns: Column<CatalogueItem>[] = [
    {
      key: 'title',
      header: 'Item',
      cell: (item) => (
        <Link href={`/collectives/${collective}/items/${item.id}`}>{item.title}</Link>
      ),
    },
    { key: 'kind', header: 'Kind', cell: (item) => attributeLabel(item.kind) },
    {
      key: 'variants',
      header: 'Variants (unallocated of edition)',
      cell: (item) =>
        item.variants.length === 0 ? (
          <span className="muted">No variants yet</span>
        ) : (
          <ul className="plain-list">
            {item.variants.map((variant) => (
              <li key={variant.id}>
                {variant.label}: {formatMoney(variant.priceMinor, variant.currency)},{' '}
                {variant.unallocated} of {variant.editionSize} unallocated
                {variant.numbered ? ', numbered' : ''}
              </li>
            ))}
          </ul>
        ),
    },
    { key: 'images', header: 'Images', numeric: true, cell: (item) => item.images.length },
  ];
  return (
    <section className="stack">
      <header className="row">
        <h1>Items</h1>
        <Link className="button" href={`/collectives/${collective}/items/new`}>
          New item
        </Link>
      </header>
      {items.isPending && <Loading label="Loading items…" />}
      {items.isError && <ErrorNotice error={items.error} title="Items could not be loaded" />}
      {items.data && (
        <DataTable
          caption="The collective's items"
          columns={columns}
          rows={items.data.items}
          rowKey={(item) => item.id}
          empty="No items yet: create the first one."
        />
      )}
      {items.data && items.data.total > items.data.items.length && (
        <p className="muted">
          Showing the first {items.data.items.length} of {items.data.total} items.
        </p>
      )}
    </section>
  );
}
