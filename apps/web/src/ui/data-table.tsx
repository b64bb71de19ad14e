import type { ReactNode } from 'react';

export type SortDirection = 'ascending' | 'descending';
export interface SortState {
  column: string;
  direction: SortDirection;
}

export interface Column<Row> {
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
  /** Sortable columns give the value to order by; the header becomes a button. */
  sortValue?: (row: Row) => number | string;
  numeric?: boolean;
}

/** Orders rows by a column's sort value (stable; text compares as words, numbers as numbers). */
export function sortRows<Row>(rows: readonly Row[], columns: Column<Row>[], sort?: SortState) {
  const column = sort && columns.find((c) => c.key === sort.column);
  if (!sort || !column?.sortValue) return [...rows];
  const value = column.sortValue;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, key: value(row) }))
    .sort((a, b) => {
      const order =
        typeof a.key === 'number' && typeof b.key === 'number'
          ? a.key - b.key
          : String(a.key).localeCompare(String(b.key));
      return order !== 0 ? sign * order : a.index - b.index;
    })
    .map(({ row }) => row);
}

/**
 * The one table every admin list uses: a caption that names it, sortable headers announced with
 * aria-sort, and on a narrow screen each row laid out as a labelled card (data-label). The
 * explicit roles keep it a table for assistive technology when the card layout's CSS `display`
 * would otherwise make Chromium drop the table semantics.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  sort,
  onSort,
  empty = 'Nothing to show.',
}: {
  caption: string;
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  sort?: SortState;
  onSort?: (sort: SortState) => void;
  empty?: string;
}) {
  const sorted = onSort ? sortRows(rows, columns, sort) : rows;
  return (
    <table className="data-table" role="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead role="rowgroup">
        <tr role="row">
          {columns.map((column) => {
            const active = sort?.column === column.key ? sort.direction : undefined;
            return (
              <th
                key={column.key}
                scope="col"
                role="columnheader"
                aria-sort={column.sortValue && onSort ? (active ?? 'none') : undefined}
                className={column.numeric ? 'numeric' : undefined}
              >
                {column.sortValue && onSort ? (
                  <button
                    type="button"
                    className="sort-button"
                    onClick={() =>
                      onSort({
                        column: column.key,
                        direction: active === 'ascending' ? 'descending' : 'ascending',
                      })
                    }
                  >
                    {column.header}
                    <span aria-hidden="true">
                      {active === 'ascending' ? ' ▲' : active === 'descending' ? ' ▼' : ' ↕'}
                    </span>
                  </button>
                ) : (
                  column.header
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody role="rowgroup">
        {sorted.length === 0 ? (
          <tr role="row">
            <td role="cell" colSpan={columns.length} className="empty-row">
              {empty}
            </td>
          </tr>
        ) : (
          sorted.map((row) => (
            <tr key={rowKey(row)} role="row">
              {columns.map((column) => (
                <td
                  key={column.key}
                  role="cell"
                  data-label={column.header}
                  className={column.numeric ? 'numeric' : undefined}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
