import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** The webhook inbox (`payment_events`) by the database's clock: arrivals, backlog, lag. */
export interface WebhookInboxFigures {
  receivedLastHour: number;
  receivedLastDay: number;
  /** Stored, not yet applied by the worker. */
  pending: number;
  /** Pending events that failed at least once. */
  failing: number;
  oldestPendingAt: Date | null;
  /** Age of the oldest pending event in seconds; null when none is pending. */
  oldestPendingAgeSeconds: number | null;
  /** Receipt to processing, over events processed in the last 15 minutes. */
  recentLagAvgSeconds: number | null;
  recentLagMaxSeconds: number | null;
}

export async function readWebhookInboxFigures(
  on: EntityManager | DataSource,
): Promise<WebhookInboxFigures> {
  const [recent] = await rows<{
    last_hour: number;
    last_day: number;
    lag_avg: number | null;
    lag_max: number | null;
  }>(
    on,
    `SELECT count(*) FILTER (WHERE received_at > now() - interval '1 hour')::int AS last_hour,
            count(*)::int AS last_day,
            avg(extract(epoch FROM processed_at - received_at))
              FILTER (WHERE processed_at > now() - interval '15 minutes')::float8 AS lag_avg,
            max(extract(epoch FROM processed_at - received_at))
              FILTER (WHERE processed_at > now() - interval '15 minutes')::float8 AS lag_max
       FROM payment_events WHERE received_at > now() - interval '1 day'`,
    [],
  );
  const [pending] = await rows<{
    pending: number;
    failing: number;
    oldest: Date | null;
    lag: number | null;
  }>(
    on,
    `SELECT count(*)::int AS pending, count(*) FILTER (WHERE attempts > 0)::int AS failing,
            min(received_at) AS oldest,
            extract(epoch FROM now() - min(received_at))::float8 AS lag
       FROM payment_events WHERE processed_at IS NULL`,
    [],
  );
  return {
    receivedLastHour: recent?.last_hour ?? 0,
    receivedLastDay: recent?.last_day ?? 0,
    pending: pending?.pending ?? 0,
    failing: pending?.failing ?? 0,
    oldestPendingAt: pending?.oldest ?? null,
    oldestPendingAgeSeconds: pending?.lag ?? null,
    recentLagAvgSeconds: recent?.lag_avg ?? null,
    recentLagMaxSeconds: recent?.lag_max ?? null,
  };
}
