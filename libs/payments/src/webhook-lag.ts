import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Seconds from the event's receipt to its processing; null while it is unprocessed or if it is
 * not in the inbox. The payments library's reader of `payment_events` for the webhook-lag metric.
 */
export async function readWebhookLag(
  on: EntityManager | DataSource,
  eventId: string,
): Promise<number | null> {
  const [row] = await rows<{ lag: number | null }>(
    on,
    `SELECT extract(epoch FROM processed_at - received_at)::float8 AS lag
       FROM payment_events WHERE event_id = $1`,
    [eventId],
  );
  return row?.lag ?? null;
}
