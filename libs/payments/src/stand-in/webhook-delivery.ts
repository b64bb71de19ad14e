// Events posted to a webhook endpoint, signed exactly as Stripe signs them: one at a time on
// demand (tests), or as they happen, retried as Stripe retries them (development).
import Stripe from 'stripe';
import type { Json } from './stand-in-basics';

export interface DeliveryOptions {
  /** Sign with this secret instead of the stand-in's. */
  secret?: string;
  /** Unix seconds of the signature (a stale one is older than five minutes). */
  timestamp?: number;
  /** Change the body after signing. */
  tamper?: boolean;
  /** Replace the header; null sends none. */
  signature?: string | null;
  url?: string;
}

export interface Delivery {
  eventId: string;
  status: number;
  body: string;
}

/** Signs one event with `secret` and posts it to `url`; `options` may forge either. */
export async function postEvent(
  event: Json,
  url: string,
  secret: string,
  options: DeliveryOptions,
): Promise<Delivery> {
  const payload = JSON.stringify(event, null, 2);
  const header =
    options.signature !== undefined
      ? options.signature
      : Stripe.webhooks.generateTestHeaderString({
          payload,
          secret,
          ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
        });
  const body = options.tamper
    ? payload.replace(/"amount_total": (\d+)/, '"amount_total": 1$1')
    : payload;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      ...(header !== null ? { 'stripe-signature': header } : {}),
    },
    body,
  });
  return { eventId: String(event.id), status: response.status, body: await response.text() };
}

/**
 * Like Stripe: in the background, each event on its own (concurrently with the others, so in
 * no guaranteed order), retried with backoff until a 2xx or three more tries.
 */
export class BackgroundDelivery {
  private readonly inFlight = new Set<Promise<void>>();

  /** `running`: false once the stand-in stopped; no more tries are made then. */
  constructor(
    private readonly deliver: (event: Json) => Promise<Delivery>,
    private readonly running: () => boolean,
    private readonly log: (line: string) => void,
  ) {}

  start(event: Json): void {
    const delivery = this.withRetries(event).finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  /** Resolves when every delivery under way has ended. */
  async settled(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  private async withRetries(event: Json): Promise<void> {
    for (let attempt = 0; attempt < 4 && this.running(); attempt++) {
      try {
        const delivery = await this.deliver(event);
        this.log(`delivered ${String(event.type)} ${String(event.id)}: ${delivery.status}`);
        if (delivery.status >= 200 && delivery.status < 300) return;
      } catch (error) {
        this.log(`delivering ${String(event.id)} failed: ${String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** attempt));
    }
  }
}
