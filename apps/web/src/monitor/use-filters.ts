import { useSearchParams } from 'wouter';

/**
 * A list's filters and page live in the address (`?status=open&offset=40`), so a filtered view
 * can be shared, reloaded and walked back through with the browser's history. Changing a filter
 * goes back to the first page.
 */
export function useFilters<Name extends string>(names: readonly Name[]) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(names.map((name) => [name, params.get(name) ?? ''])) as Record<
    Name,
    string
  >;
  const offset = Number(params.get('offset') ?? '0') || 0;
  const cursor = params.get('before') ?? undefined;

  /** Sets several filters in one navigation (one history entry). */
  const setFilters = (changes: Partial<Record<Name, string>>) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [name, value] of Object.entries(changes) as Array<[Name, string | undefined]>) {
        if (value) next.set(name, value);
        else next.delete(name);
      }
      next.delete('offset');
      next.delete('before');
      return next;
    });
  const setFilter = (name: Name, value: string) =>
    setFilters({ [name]: value } as Partial<Record<Name, string>>);

  const setPage = (key: 'offset' | 'before', value: string | number | undefined) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value === undefined || value === 0 || value === '') next.delete(key);
      else next.set(key, String(value));
      return next;
    });

  /** The filters as query parameters, without the empty ones. */
  const query = Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== ''),
  ) as Partial<Record<Name, string>>;

  return { values, query, offset, cursor, setFilter, setFilters, setPage };
}
