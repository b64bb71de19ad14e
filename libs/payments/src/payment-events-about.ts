import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** What names a payment: the order (in the events' metadata) and its provider objects. */
export interface PaymentSubject {
  orderId: string;
  sessionId: string | null;
  paymentIntentId: string | null;
  refundId: string | null;
}

/** A provider event as the webhook inbox recorded it. */
export interface StoredPaymentEvent {
  eventId: string;
  type: string;
  receivedAt: Date;
  processedAt: Date | null;
  outcome: string | null;
  attempts: number;
}

/**
 * The inbox's events about one payment, oldest first (at most 200): those naming the order in
 * their metadata or carrying its Checkout Session, payment intent or refund as their object.
 */
export async function readPaymentEventsAbout(
  on: EntityManager | DataSource,
  subject: PaymentSubject,
): Promise<StoredPaymentEvent[]> {
  const found = await rows<{
    event_id: string;
    type: string;
    received_at: Date;
    processed_at: Date | null;
    outcome: string | null;
    attempts: number;
  }>(
    on,
    `SELECT e.event_id, e.type, e.received_at, e.processed_at, e.outcome, e.attempts
       FROM payment_events e
      WHERE e.payload #>> '{data,object,metadata,orderId}' = $1::text
         OR e.payload #>> '{data,object,id}' IN ($2::text, $3::text, $4::text)
         OR e.payload #>> '{data,object,payment_intent}' = $3::text
      ORDER BY e.received_at, e.event_id
      LIMIT 200`,
    [subject.orderId, subject.sessionId, subject.paymentIntentId, subject.refundId],
  );
  return found.map((row) => ({
    eventId: row.event_id,
    type: row.type,
    receivedAt: row.received_at,
    processedAt: row.processed_at,
    outcome: row.outcome,
    attempts: row.attempts,
  }));
}
