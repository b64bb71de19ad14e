import { Link, useLocation } from 'wouter';

const SECTIONS = [
  { href: '/', label: 'Inventory' },
  { href: '/anomalies', label: 'Anomalies' },
  { href: '/orders', label: 'Orders' },
  { href: '/users', label: 'Users' },
  { href: '/collectives', label: 'Collectives' },
  { href: '/audit', label: 'Audit log' },
] as const;

/** The monitor's sections; the anomalies link carries how many are open. */
export function MonitorNav({ openAnomalies }: { openAnomalies?: number }) {
  const [location] = useLocation();
  const current = (href: string) =>
    href === '/' ? location === '/' || location.startsWith('/drops') : location.startsWith(href);
  return (
    <nav aria-label="Monitor" className="sub-nav">
      <ul>
        {SECTIONS.map((section) => (
          <li key={section.href}>
            <Link href={section.href} aria-current={current(section.href) ? 'page' : undefined}>
              {section.label}
              {section.href === '/anomalies' && openAnomalies !== undefined && (
                <span className="count-badge" aria-label={`, ${openAnomalies} open`}>
                  {openAnomalies}
                </span>
              )}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
