/**
 * Checkout's jobs on the payments queue (`PAYMENTS_QUEUE`, owned by the payments library): the
 * worker's payment processor runs them next to the event jobs.
 */
export const RefundJob = {
  /** Ask the provider to refund one order in `refund_pending`, then record the result. */
  Execute: 'execute-refund',
  /** Repeatable safety net: refunds still pending a while after they were requested. */
  Sweep: 'sweep-refunds',
} as const;

export interface ExecuteRefundJob {
  orderId: string;
}

export const executeRefundJobId = (orderId: string): string => `refund:${orderId}`;
export const SWEEP_REFUNDS_JOB_ID = 'refunds-sweep';
