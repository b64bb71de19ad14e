import {
  type ExecuteRefundJob,
  OrderPayments,
  OrderRefunds,
  RefundJob,
  RefundJobs,
  type RefundExecution,
} from '@limited-run/checkout';
import {
  PaymentEventsDispatcher,
  PaymentEventsInbox,
  PaymentJob,
  PAYMENTS_QUEUE,
  type ProcessPaymentEventJob,
} from '@limited-run/payments';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';

/** Older than this and still unprocessed or pending: its job was lost or keeps failing. */
const STALE_AFTER_MS = 60_000;
/**
 * Payment events applied at once by one worker. Each is its own transaction under its order's
 * row lock (and idempotent), so events of different orders need not wait for each other; one
 * at a time, a drop's 100 payments queued for ~2 s behind each other (docs/benchmarks.md,
 * bench:drop-e2e). Below DATABASE_POOL_SIZE (10), so the other queues still get a connection.
 */
const PAYMENT_EVENTS_AT_ONCE = 8;

/**
 * Applies stored payment events (one transaction each, row locked, idempotent) and executes
 * refunds; two repeatable sweeps (registered by `SafetyNets`) re-enqueue events and refunds
 * whose jobs were lost.
 */
@Processor(PAYMENTS_QUEUE)
export class PaymentEventsProcessor {
  constructor(
    private readonly payments: OrderPayments,
    private readonly refunds: OrderRefunds,
    private readonly inbox: PaymentEventsInbox,
    private readonly events: PaymentEventsDispatcher,
    private readonly refundJobs: RefundJobs,
  ) {}

  /** The inbox observes the event's webhook lag once its transaction commits. */
  @Process({ name: PaymentJob.ProcessEvent, concurrency: PAYMENT_EVENTS_AT_ONCE })
  processEvent(job: Job<ProcessPaymentEventJob>): Promise<string> {
    return this.payments.processEvent(job.data.eventId);
  }

  @Process(PaymentJob.SweepEvents)
  async sweepEvents(job: Job): Promise<number> {
    const stale = await this.inbox.findUnprocessed(STALE_AFTER_MS);
    if (stale.length > 0) await this.events.reenqueue(stale, String(job.timestamp));
    return stale.length;
  }

  @Process(RefundJob.Execute)
  async executeRefund(job: Job<ExecuteRefundJob>): Promise<RefundExecution> {
    return this.refunds.execute(job.data.orderId);
  }

  @Process(RefundJob.Sweep)
  async sweepRefunds(job: Job): Promise<number> {
    const stale = await this.refunds.findStalePending(STALE_AFTER_MS);
    for (const orderId of stale) await this.refundJobs.enqueue(orderId, String(job.timestamp));
    return stale.length;
  }
}
