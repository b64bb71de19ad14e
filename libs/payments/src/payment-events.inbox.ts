import { afterCommit, inputFault, Metrics, rows } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, type EntityManager } from 'typeorm';
import { PaymentEventsDispatcher } from './payment-events.dispatcher';
import { WebhookNotAnEventError, WebhookSignatureInvalidError } from './payments.errors';
import { type PaymentEvent, PaymentsPort, type VerifiedWebhook } from './payments.port';

export interface ReceivedEvent {
  eventId: string;
  type: string;
  /** The event was already in the inbox: a redelivery. */
  duplicate: boolean;
}

/**
 * A stored event taken for processing in the caller's transaction, its row locked until that
 * commits: `apply` to settle it, or `skip` with why there is nothing to do.
 */
export type ClaimedEvent =
  | { kind: 'apply'; rowId: string; event: PaymentEvent }
  | { kind: 'skip'; outcome: 'missing' | 'already-processed' | 'unreadable' };

/** After this many failed attempts an event is left to an operator (it is logged every time). */
export const MAX_EVENT_ATTEMPTS = 25;

/** How much of a rejected body is kept for inspection. */
const REJECTED_BODY_KEPT_BYTES = 64 * 1024;

/**
 * The payment-event inbox (docs/design.md, "Payments"): verify, store once, acknowledge; then,
 * in the transaction of whoever applies the event (checkout's `OrderPayments.processEvent`),
 * claim it with its row locked and mark it processed, so it is applied once.
 */
@Injectable()
export class PaymentEventsInbox {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly port: PaymentsPort,
    private readonly dispatcher: PaymentEventsDispatcher,
    private readonly metrics: Metrics,
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
    let webhook: VerifiedWebhook;
    let inserted: Array<{ id: string }>;
    try {
      webhook = this.port.verifyWebhook(rawBody, signature);
      inserted = await this.dataSource.query<Array<{ id: string }>>(
        `INSERT INTO payment_events (event_id, type, payload) VALUES ($1, $2, $3)
         ON CONFLICT (event_id) DO NOTHING RETURNING id`,
        [webhook.eventId, webhook.type, webhook.payload],
      );
    } catch (error) {
      const refusal = notAnEvent(error);
      if (!refusal) throw error;
      await this.keepRejected(rawBody, refusal.reason);
      throw refusal;
    }
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
   * Takes a stored event in the caller's transaction with its row locked: concurrent workers
   * wait for each other, and a processed row is skipped. An unreadable payload is marked
   * processed as `unreadable` (retrying cannot make it readable) and skipped.
   */
  async claim(manager: EntityManager, eventId: string): Promise<ClaimedEvent> {
    const [row] = await manager.query<
      Array<{ id: string; payload: Record<string, unknown>; processed_at: Date | null }>
    >(`SELECT id, payload, processed_at FROM payment_events WHERE event_id = $1 FOR UPDATE`, [
      eventId,
    ]);
    if (!row) return { kind: 'skip', outcome: 'missing' };
    if (row.processed_at) return { kind: 'skip', outcome: 'already-processed' };
    try {
      return { kind: 'apply', rowId: row.id, event: this.port.readEvent(row.payload) };
    } catch (error) {
      this.logger.error({ err: error, eventId }, 'unreadable payment event');
      await this.markProcessed(manager, row.id, 'unreadable', String(error));
      return { kind: 'skip', outcome: 'unreadable' };
    }
  }

  /**
   * Records what applying a claimed event did, in the transaction that applied it. The event's
   * webhook lag (receipt to applied) is observed once that commits: the statement answers it,
   * so it costs no read of its own, and a rolled-back attempt observes nothing.
   */
  async markProcessed(
    manager: EntityManager,
    rowId: string,
    outcome: string,
    lastError: string | null = null,
  ): Promise<void> {
    const [marked] = await rows<{ lag: number }>(
      manager,
      `UPDATE payment_events
          SET processed_at = now(), outcome = $2, attempts = attempts + 1, last_error = $3
        WHERE id = $1
       RETURNING extract(epoch FROM processed_at - received_at)::float8 AS lag`,
      [rowId, outcome.slice(0, 64), lastError],
    );
    if (!marked) return;
    await afterCommit(manager, 'observe the webhook lag', () =>
      Promise.resolve(this.metrics.webhookLag.observe(marked.lag)),
    );
  }

  /**
   * Counts a failed attempt after its transaction rolled back (the caller rethrows, so the
   * queue retries; the sweep gives up after `MAX_EVENT_ATTEMPTS`).
   */
  async recordFailure(eventId: string, error: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE payment_events SET attempts = attempts + 1, last_error = $2
        WHERE event_id = $1 AND processed_at IS NULL`,
      [eventId, error instanceof Error ? error.message : String(error)],
    );
    this.logger.warn({ err: error, eventId }, 'processing a payment event failed; will retry');
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

  /** A signed body that is not an event: kept for an operator, never processed. */
  private async keepRejected(rawBody: Buffer, reason: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO rejected_webhooks (reason, body_bytes, body) VALUES ($1, $2, $3)`,
      [reason.slice(0, 500), rawBody.length, rawBody.subarray(0, REJECTED_BODY_KEPT_BYTES)],
    );
    this.logger.error(
      { reason, bodyBytes: rawBody.length },
      'a signed webhook body is not an event; kept in rejected_webhooks',
    );
  }
}

/**
 * The refusal for a verified body that is not an event: said so by the adapter, or found out
 * when Postgres cannot store it as one (a NUL character, which `jsonb` refuses).
 */
function notAnEvent(error: unknown): WebhookNotAnEventError | undefined {
  if (error instanceof WebhookNotAnEventError) return error;
  const fault = inputFault(error);
  return fault ? new WebhookNotAnEventError('the event cannot be stored as sent') : undefined;
}
