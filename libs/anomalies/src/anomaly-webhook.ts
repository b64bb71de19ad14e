import { createHmac } from 'node:crypto';
import { PlatformConfig } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';

/** The header a receiver verifies: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const ANOMALY_SIGNATURE_HEADER = 'limited-run-signature';

const TIMEOUT_MS = 5000;

/** Signs like Stripe does: the timestamp is signed with the body, so a replay can be dated. */
export function signAnomalyWebhook(secret: string, body: string, unixSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${digest}`;
}

/** POSTs an alert batch to the configured receiver; throws on anything but 2xx so Bull retries. */
@Injectable()
export class AnomalyWebhook {
  constructor(private readonly config: PlatformConfig) {}

  get configured(): boolean {
    return this.config.get('ANOMALY_WEBHOOK_URL') !== undefined;
  }

  async deliver(batchId: string, body: string): Promise<void> {
    const url = this.config.get('ANOMALY_WEBHOOK_URL');
    if (!url) return;
    const secret = this.config.get('ANOMALY_WEBHOOK_SECRET') ?? '';
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': batchId,
        [ANOMALY_SIGNATURE_HEADER]: signAnomalyWebhook(secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    // The body is of no interest; drain it so the connection is released.
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`anomaly webhook answered ${response.status}`);
  }
}
