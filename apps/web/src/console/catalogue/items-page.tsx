import { Link, useParams, useSearchParams } from 'wouter';
import { attributeLabel, formatMoney } from '../../lib/format';
import { DataTable, type Column } from '../../ui/data-table';
import { pageSummary, Pager } from '../../ui/pager';
import { ErrorNotice, Loading } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { ITEMS_PAGE_SIZE, useItemsPage, type CatalogueItem } from './catalogue-hooks';

/** `?page=3` in the address, so a page can be reloaded, linked and gone back to. */
function usePageParam(): [number, (page: number) => void] {
  const [params, setParams] = useSearchParams();
  const parsed = Number(params.get('page'));
  const page = Number.isInteger(parsed) && parsed >= 1 ? parsed : 1;
  const setPage = (next: number) =>
    setParams((current) => {
      const updated = new URLSearchParams(current);
      if (next <= 1) updated.delete('page');
      else updated.set('page', String(next));
      return updated;
    });
  return [page, setPage];
}

/** The collective's catalogue: every item with its variants and what no drop has taken yet. */
export default function ItemsPage() {
  const { collective } = useParams<{ collective: string }>();
  const [page, setPage] = usePageParam();
  const items = useItemsPage(collective, page);
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
      {items.data && (items.data.total > ITEMS_PAGE_SIZE || page > 1) && (
        // While the next page loads, the rows shown are still the previous page's: the summary
        // describes the rows on screen (the answer's own page), not the page asked for.
        <Pager
          label="Pages of items"
          summary={pageSummary(
            (items.data.page - 1) * ITEMS_PAGE_SIZE,
            items.data.items.length,
            items.data.total,
          )}
          hasPrevious={page > 1}
          hasNext={page * ITEMS_PAGE_SIZE < items.data.total}
          onPrevious={() => setPage(page - 1)}
          onNext={() => setPage(page + 1)}
        />
      )}
    </section>
  );
}
