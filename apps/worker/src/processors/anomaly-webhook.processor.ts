import {
  ANOMALIES_QUEUE,
  AnomalyJob,
  AnomalyWebhook,
  type DeliverAnomalyWebhookJob,
} from '@limited-run/anomalies';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';

/** POSTs an alert batch to the configured receiver; a failure is retried by Bull. */
@Processor(ANOMALIES_QUEUE)
export class AnomalyWebhookProcessor {
  constructor(private readonly webhook: AnomalyWebhook) {}

  @Process(AnomalyJob.DeliverWebhook)
  async deliver(job: Job<DeliverAnomalyWebhookJob>): Promise<void> {
    await this.webhook.deliver(job.data.batchId, job.data.body);
  }
}
