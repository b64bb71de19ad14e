/** The anomalies queue: webhook deliveries of alert batches (processed only by the worker). */
export const ANOMALIES_QUEUE = 'anomalies';

export const AnomalyJob = {
  DeliverWebhook: 'deliver-webhook',
} as const;

/** One alert batch as POSTed to ANOMALY_WEBHOOK_URL; `body` is sent byte for byte. */
export interface DeliverAnomalyWebhookJob {
  batchId: string;
  body: string;
}
