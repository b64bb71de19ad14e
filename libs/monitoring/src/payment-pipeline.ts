import { type OrderStatus, readOrderStatusCounts } from '@limited-run/checkout';
import { readWebhookInboxFigures } from '@limited-run/payments';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface PaymentEventFigures {
  receivedLastHour: number;
  receivedLastDay: number;
  /** Stored, not yet applied by the worker. */
  pending: number;
  /** Pending events that failed at least once. */
  failing: number;
  oldestPendingAt: Date | null;
  /** Age of the oldest pending event: how far behind the worker is now (0 when none). */
  currentLagSeconds: number;
  /** Receipt to processing, over events processed in the last 15 minutes. */
  recentLagAvgSeconds: number | null;
  recentLagMaxSeconds: number | null;
}

export interface OrderPipelineFigures {
  awaitingPayment: number;
  awaitingAsyncPayment: number;
  oldestAwaitingPaymentAt: Date | null;
  refundPending: number;
  refundFailed: number;
  disputed: number;
}

export interface PaymentPipelineFigures {
  /** Null for a collective's view: events are the platform's, not one collective's. */
  events: PaymentEventFigures | null;
  orders: OrderPipelineFigures;
}

/** The orders' states the pipeline counts: waiting for money, or money going back. */
const PIPELINE_STATUSES: readonly OrderStatus[] = [
  'awaiting_payment',
  'awaiting_async_payment',
  'refund_pending',
  'refund_failed',
  'disputed',
];

const round = (n: number | null): number | null =>
  n === null ? null : Math.round(n * 1000) / 1000;

/** The payment pipeline from Postgres: the webhook inbox and the orders' states. */
@Injectable()
export class PaymentPipeline {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async figures(collectiveId?: string): Promise<PaymentPipelineFigures> {
    const [events, orders] = await Promise.all([
      collectiveId ? Promise.resolve(null) : this.events(),
      this.orders(collectiveId),
    ]);
    return { events, orders };
  }

  private async events(): Promise<PaymentEventFigures> {
    const inbox = await readWebhookInboxFigures(this.dataSource);
    return {
      receivedLastHour: inbox.receivedLastHour,
      receivedLastDay: inbox.receivedLastDay,
      pending: inbox.pending,
      failing: inbox.failing,
      oldestPendingAt: inbox.oldestPendingAt,
      currentLagSeconds: round(inbox.oldestPendingAgeSeconds ?? 0) ?? 0,
      recentLagAvgSeconds: round(inbox.recentLagAvgSeconds),
      recentLagMaxSeconds: round(inbox.recentLagMaxSeconds),
    };
  }

  private async orders(collectiveId?: string): Promise<OrderPipelineFigures> {
    const rows = await readOrderStatusCounts(this.dataSource, PIPELINE_STATUSES, collectiveId);
    const of = (status: OrderStatus) => rows.find((r) => r.status === status);
    return {
      awaitingPayment: of('awaiting_payment')?.count ?? 0,
      awaitingAsyncPayment: of('awaiting_async_payment')?.count ?? 0,
      oldestAwaitingPaymentAt: of('awaiting_payment')?.oldestCreatedAt ?? null,
      refundPending: of('refund_pending')?.count ?? 0,
      refundFailed: of('refund_failed')?.count ?? 0,
      disputed: of('disputed')?.count ?? 0,
    };
  }
}
