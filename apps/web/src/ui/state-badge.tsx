import { DROP_STATE_LABELS } from '../lib/format';

export function StateBadge({ state }: { state: string }) {
  return <span className={`badge badge-${state}`}>{DROP_STATE_LABELS[state] ?? state}</span>;
}
