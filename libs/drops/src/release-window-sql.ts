/** The caller's placeholder for the drop's id: `$1` (raw SQL) or `:dropId` (a query builder). */
const PLACEHOLDER = /^(\$\d+|:[A-Za-z_]\w*)$/;

/**
 * SQL of a derived table, one row or none: the drop bound to `dropIdParam`, with the columns
 * that say who may hold when (`id`, `release_mode`, `early_access_starts_at`, `starts_at`).
 * For a library above drops to join in its own statement (`FROM (${releaseWindowSql('$1')})
 * d`), where a reader would cost a round trip: admission's early-access policy answers a
 * batch of the hot path in one query. Postgres folds it into the outer query (a primary-key
 * lookup, as if the caller named the table).
 */
export function releaseWindowSql(dropIdParam: string): string {
  if (!PLACEHOLDER.test(dropIdParam)) throw new Error(`not a bind placeholder: ${dropIdParam}`);
  return `SELECT id, release_mode, early_access_starts_at, starts_at FROM drops WHERE id = ${dropIdParam}`;
}
