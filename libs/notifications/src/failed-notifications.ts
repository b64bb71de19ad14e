import { type IdCondition, rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** A message the outbox gave up on after every attempt. */
export interface FailedNotification {
  id: string;
  template: string;
  attempts: number;
}

/**
 * At most `limit` failed messages, but those of `exceptTemplate`, whose id meets `onlyIf` (the
 * anomaly watch: not raised yet), in no particular order; one statement. Failed messages stay
 * failed, so a caller that meant "the new ones" must say so in `onlyIf`.
 */
export function readFailedNotifications(
  on: EntityManager | DataSource,
  filter: { exceptTemplate: string; onlyIf: IdCondition; limit: number },
): Promise<FailedNotification[]> {
  return rows<FailedNotification>(
    on,
    `SELECT n.id, n.template, n.attempts FROM notifications n
      WHERE n.status = 'failed' AND n.template <> $1 AND ${filter.onlyIf('n.id')} LIMIT $2`,
    [filter.exceptTemplate, filter.limit],
  );
}
