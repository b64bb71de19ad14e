import { Link, useLocation } from 'wouter';
import { useMyCollectives } from './team/team-hooks';

const SECTIONS = [
  { path: 'items', label: 'Items' },
  { path: 'drops', label: 'Drops' },
  { path: 'orders', label: 'Orders' },
  { path: 'fulfilment', label: 'Fulfilment' },
  { path: 'shipping', label: 'Shipping' },
  { path: 'team', label: 'Team' },
] as const;

/** `/collectives/night-shift/drops/…` → night-shift and drops (paths are the console's own). */
export function consolePlace(location: string): { collective?: string; section?: string } {
  const match = /^\/collectives\/([^/]+)(?:\/([^/?]+))?/.exec(location);
  return { collective: match?.[1], section: match?.[2] };
}

/**
 * The console's navigation: which of my collectives I am working in (switching keeps the
 * section) and its sections.
 */
export function ConsoleNav() {
  const [location, navigate] = useLocation();
  const mine = useMyCollectives();
  const { collective, section } = consolePlace(location);
  if (!collective) return null;
  const memberships = mine.data ?? [];
  return (
    <div className="console-nav">
      {memberships.length > 0 && (
        <div className="field console-switcher">
          <label htmlFor="console-collective">Collective</label>
          <select
            id="console-collective"
            value={collective}
            onChange={(event) =>
              navigate(`/collectives/${event.target.value}/${section ?? 'items'}`)
            }
          >
            {!memberships.some((m) => m.collective.slug === collective) && (
              <option value={collective}>{collective}</option>
            )}
            {memberships.map((m) => (
              <option key={m.collective.id} value={m.collective.slug}>
                {m.collective.name} ({m.role})
              </option>
            ))}
          </select>
        </div>
      )}
      <nav aria-label="Console" className="sub-nav">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.path}>
              <Link
                href={`/collectives/${collective}/${s.path}`}
                aria-current={section === s.path ? 'page' : undefined}
              >
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
