import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** The outbox's mail not sent: waiting, and given up after every attempt. */
export interface OutboxBacklog {
  pending: number;
  oldestPendingAt: Date | null;
  failed: number;
  failedLastDay: number;
}

export async function readOutboxBacklog(on: EntityManager | DataSource): Promise<OutboxBacklog> {
  const [row] = await rows<{
    pending: number;
    oldest: Date | null;
    failed: number;
    failed_day: number;
  }>(
    on,
    `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
            min(created_at) FILTER (WHERE status = 'pending') AS oldest,
            count(*) FILTER (WHERE status = 'failed')::int AS failed,
            count(*) FILTER (WHERE status = 'failed' AND created_at > now() - interval '1 day')::int AS failed_day
       FROM notifications WHERE status IN ('pending', 'failed')`,
    [],
  );
  return {
    pending: row?.pending ?? 0,
    oldestPendingAt: row?.oldest ?? null,
    failed: row?.failed ?? 0,
    failedLastDay: row?.failed_day ?? 0,
  };
}
