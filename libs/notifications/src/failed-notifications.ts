import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** A message the outbox gave up on after every attempt. */
export interface FailedNotification {
  id: string;
  template: string;
  attempts: number;
}

/** Every failed message but those of `exceptTemplate`, in no particular order. */
export function readFailedNotifications(
  on: EntityManager | DataSource,
  exceptTemplate: string,
): Promise<FailedNotification[]> {
  return rows<FailedNotification>(
    on,
    `SELECT id, template, attempts FROM notifications WHERE status = 'failed' AND template <> $1`,
    [exceptTemplate],
  );
}
