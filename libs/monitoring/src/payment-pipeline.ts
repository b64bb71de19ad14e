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
    const [recent] = await this.dataSource.query<
      Array<{
        last_hour: number;
        last_day: number;
        lag_avg: number | null;
        lag_max: number | null;
      }>
    >(
      `SELECT count(*) FILTER (WHERE received_at > now() - interval '1 hour')::int AS last_hour,
              count(*)::int AS last_day,
              avg(extract(epoch FROM processed_at - received_at))
                FILTER (WHERE processed_at > now() - interval '15 minutes')::float8 AS lag_avg,
              max(extract(epoch FROM processed_at - received_at))
                FILTER (WHERE processed_at > now() - interval '15 minutes')::float8 AS lag_max
         FROM payment_events WHERE received_at > now() - interval '1 day'`,
    );
    const [pending] = await this.dataSource.query<
      Array<{ pending: number; failing: number; oldest: Date | null; lag: number | null }>
    >(
      `SELECT count(*)::int AS pending, count(*) FILTER (WHERE attempts > 0)::int AS failing,
              min(received_at) AS oldest,
              extract(epoch FROM now() - min(received_at))::float8 AS lag
         FROM payment_events WHERE processed_at IS NULL`,
    );
    return {
      receivedLastHour: recent?.last_hour ?? 0,
      receivedLastDay: recent?.last_day ?? 0,
      pending: pending?.pending ?? 0,
      failing: pending?.failing ?? 0,
      oldestPendingAt: pending?.oldest ?? null,
      currentLagSeconds: round(pending?.lag ?? 0) ?? 0,
      recentLagAvgSeconds: round(recent?.lag_avg ?? null),
      recentLagMaxSeconds: round(recent?.lag_max ?? null),
    };
  }

  private async orders(collectiveId?: string): Promise<OrderPipelineFigures> {
    const rows = await this.dataSource.query<
      Array<{ status: string; n: number; oldest: Date | null }>
    >(
      `SELECT status, count(*)::int AS n, min(created_at) AS oldest FROM orders
        WHERE status IN ('awaiting_payment', 'awaiting_async_payment', 'refund_pending',
                         'refund_failed', 'disputed')
          AND ($1::uuid IS NULL OR collective_id = $1)
        GROUP BY status`,
      [collectiveId ?? null],
    );
    const of = (status: string) => rows.find((r) => r.status === status);
    return {
      awaitingPayment: of('awaiting_payment')?.n ?? 0,
      awaitingAsyncPayment: of('awaiting_async_payment')?.n ?? 0,
      oldestAwaitingPaymentAt: of('awaiting_payment')?.oldest ?? null,
      refundPending: of('refund_pending')?.n ?? 0,
      refundFailed: of('refund_failed')?.n ?? 0,
      disputed: of('disputed')?.n ?? 0,
    };
  }
}
