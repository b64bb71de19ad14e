/** Queue contract between the webhook endpoint (producer) and the worker's payment processor. */
export const PAYMENTS_QUEUE = 'payments';

export const PaymentJob = {
  /** Apply one stored event. */
  ProcessEvent: 'process-event',
  /** Repeatable safety net: re-enqueue stored events that are still unprocessed. */
  SweepEvents: 'sweep-events',
} as const;

export interface ProcessPaymentEventJob {
  eventId: string;
}

/** One job per event: the endpoint and the sweep enqueuing the same event yield one job. */
export const processEventJobId = (eventId: string): string => `event:${eventId}`;
export const SWEEP_EVENTS_JOB_ID = 'payment-events-sweep';
