import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, type EntityManager } from 'typeorm';
import { PaymentEventsDispatcher } from './payment-events.dispatcher';
import { WebhookSignatureInvalidError } from './payments.errors';
import { type PaymentEvent, PaymentsPort } from './payments.port';

export interface ReceivedEvent {
  eventId: string;
  type: string;
  /** The event was already in the inbox: a redelivery. */
  duplicate: boolean;
}

/** What applying an event did, and what to do once that has committed. */
export interface EventHandlingResult {
  outcome: string;
  afterCommit?: () => Promise<void>;
}

export type PaymentEventHandler = (
  manager: EntityManager,
  event: PaymentEvent,
) => Promise<EventHandlingResult>;

/** The handler's outcome, or `already-processed`, `missing`, `unreadable`. */
export type ProcessingOutcome = string;

/** After this many failed attempts an event is left to an operator (it is logged every time). */
export const MAX_EVENT_ATTEMPTS = 25;

/**
 * The payment-event inbox (docs/design.md, "Payments"): verify, store once, acknowledge; process
 * later, once, in one transaction with the event's row locked.
 */
@Injectable()
export class PaymentEventsInbox {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly port: PaymentsPort,
    private readonly dispatcher: PaymentEventsDispatcher,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(PaymentEventsInbox.name);
  }

  /**
   * Verifies the signature over the raw bytes before anything else, then stores the event
   * unless its id is already there. Nothing is written for a webhook that does not verify.
   */
  async receive(
    rawBody: Buffer | undefined,
    signature: string | undefined,
  ): Promise<ReceivedEvent> {
    if (!rawBody || rawBody.length === 0) {
      throw new WebhookSignatureInvalidError('the request has no body to verify');
    }
    const webhook = this.port.verifyWebhook(rawBody, signature);
    const inserted = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO payment_events (event_id, type, payload) VALUES ($1, $2, $3)
       ON CONFLICT (event_id) DO NOTHING RETURNING id`,
      [webhook.eventId, webhook.type, webhook.payload],
    );
    try {
      // Also for a redelivery: its first job may have been lost; the job id keeps it single.
      await this.dispatcher.enqueue(webhook.eventId);
    } catch (error) {
      // Stored is what matters for the provider; the sweep enqueues it once Redis is back.
      this.logger.warn(
        { err: error, eventId: webhook.eventId },
        'could not enqueue a payment event',
      );
    }
    return { eventId: webhook.eventId, type: webhook.type, duplicate: inserted.length === 0 };
  }

  /**
   * Applies a stored event at most once: the row lock serialises concurrent workers and a
   * processed row is left alone. A failing handler rolls back everything it wrote; the attempt
   * is counted and the error rethrown so the queue retries.
   */
  async process(eventId: string, handler: PaymentEventHandler): Promise<ProcessingOutcome> {
    let afterCommit: (() => Promise<void>) | undefined;
    let outcome: ProcessingOutcome;
    try {
      outcome = await this.dataSource.transaction(async (manager) => {
        const [row] = await manager.query<
          Array<{ id: string; payload: Record<string, unknown>; processed_at: Date | null }>
        >(`SELECT id, payload, processed_at FROM payment_events WHERE event_id = $1 FOR UPDATE`, [
          eventId,
        ]);
        if (!row) return 'missing';
        if (row.processed_at) return 'already-processed';
        let event: PaymentEvent;
        try {
          event = this.port.readEvent(row.payload);
        } catch (error) {
          // Retrying cannot make an unreadable payload readable: record it for an operator.
          this.logger.error({ err: error, eventId }, 'unreadable payment event');
          await this.finish(manager, row.id, 'unreadable', String(error));
          return 'unreadable';
        }
        const result = await handler(manager, event);
        await this.finish(manager, row.id, result.outcome, null);
        afterCommit = result.afterCommit;
        return result.outcome;
      });
    } catch (error) {
      await this.dataSource.query(
        `UPDATE payment_events SET attempts = attempts + 1, last_error = $2
          WHERE event_id = $1 AND processed_at IS NULL`,
        [eventId, error instanceof Error ? error.message : String(error)],
      );
      this.logger.warn({ err: error, eventId }, 'processing a payment event failed; will retry');
      throw error;
    }
    if (afterCommit) {
      // The change is committed; what follows has its own safety nets (outbox and refund sweeps).
      await afterCommit().catch((error: unknown) =>
        this.logger.warn({ err: error, eventId }, 'after-commit step of a payment event failed'),
      );
    }
    return outcome;
  }

  /** Event ids received more than `olderThanMs` ago and still unprocessed (lost or failing jobs). */
  async findUnprocessed(olderThanMs: number, limit = 500): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ event_id: string }>>(
      `SELECT event_id FROM payment_events
        WHERE processed_at IS NULL AND attempts < $3
          AND received_at < now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY received_at LIMIT $2`,
      [olderThanMs, limit, MAX_EVENT_ATTEMPTS],
    );
    return rows.map((r) => r.event_id);
  }

  private async finish(
    manager: EntityManager,
    id: string,
    outcome: string,
    lastError: string | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE payment_events
          SET processed_at = now(), outcome = $2, attempts = attempts + 1, last_error = $3
        WHERE id = $1`,
      [id, outcome.slice(0, 64), lastError],
    );
  }
}
