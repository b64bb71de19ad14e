import { Link, useLocation } from 'wouter';
import { ErrorNotice } from '../../ui/status';
import { OPEN_COUNT_CAP } from '../hooks/anomalies';
import { QUEUE_DASHBOARD_PATH, useOpenQueueDashboard } from '../hooks/queue-dashboard';

const SECTIONS = [
  { href: '/', label: 'Inventory' },
  { href: '/anomalies', label: 'Anomalies' },
  { href: '/orders', label: 'Orders' },
  { href: '/users', label: 'Users' },
  { href: '/collectives', label: 'Collectives' },
  { href: '/audit', label: 'Audit log' },
] as const;

/**
 * The monitor's sections; the anomalies link carries how many are open. The queue dashboard is
 * the API's Bull Board page, outside this app: its link gets a ticket first, then leaves.
 */
export function MonitorNav({ openAnomalies }: { openAnomalies?: number }) {
  const [location] = useLocation();
  const queueDashboard = useOpenQueueDashboard();
  const current = (href: string) =>
    href === '/' ? location === '/' || location.startsWith('/drops') : location.startsWith(href);
  return (
    <nav aria-label="Monitor" className="sub-nav">
      <ul>
        {SECTIONS.map((section) => (
          <li key={section.href}>
            <Link
              href={section.href}
              aria-current={current(section.href) ? 'page' : undefined}
              aria-label={
                section.href === '/anomalies' && openAnomalies !== undefined
                  ? `Anomalies, ${openAnomalies > OPEN_COUNT_CAP ? `over ${OPEN_COUNT_CAP}` : openAnomalies} open`
                  : undefined
              }
            >
              {section.label}
              {section.href === '/anomalies' && openAnomalies !== undefined && (
                <span
                  className={openAnomalies === 0 ? 'count-badge none' : 'count-badge'}
                  aria-hidden="true"
                >
                  {openAnomalies > OPEN_COUNT_CAP ? `${OPEN_COUNT_CAP}+` : openAnomalies}
                </span>
              )}
            </Link>
          </li>
        ))}
        <li>
          <a
            href={QUEUE_DASHBOARD_PATH}
            aria-busy={queueDashboard.isPending || undefined}
            onClick={(event) => {
              event.preventDefault();
              if (!queueDashboard.isPending) queueDashboard.mutate();
            }}
          >
            Queue dashboard
          </a>
        </li>
      </ul>
      {queueDashboard.isError && (
        <ErrorNotice error={queueDashboard.error} title="The queue dashboard did not open" />
      )}
    </nav>
  );
}
