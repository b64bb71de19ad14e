/** The caller's placeholder for the kind: `$3` (raw SQL) or `:kind` (TypeORM's query builder). */
const PLACEHOLDER = /^(\$\d+|:[A-Za-z_]\w*)$/;

/**
 * SQL of a subquery: the ids of the variants whose item is of the kind bound to `kindParam`.
 * For a library above catalog to embed in its own statement
 * (`l.variant_id IN (${variantIdsOfKindSql(':kind')})`), so a filter by kind stays one
 * statement while only catalog names its tables.
 * The public catalogue's `?kind=` filter is its caller: through a reader it read every listed
 * line and shipped every id back per request.
 */
export function variantIdsOfKindSql(kindParam: string): string {
  if (!PLACEHOLDER.test(kindParam)) throw new Error(`not a bind placeholder: ${kindParam}`);
  return `SELECT cv.id FROM variants cv JOIN items ci ON ci.id = cv.item_id WHERE ci.kind = ${kindParam}`;
}
