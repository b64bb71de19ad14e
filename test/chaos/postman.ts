// Stripe's webhook delivery, played by the chaos suite instead of the stand-in's own: every event
// the stand-in records is posted (signed as Stripe signs it) to one of the API processes, retried
// with backoff until one answers 2xx, like Stripe. The faults are here, in test code only:
// the next events can be delivered twice at once, held back, or buffered and delivered shuffled.
import type { Json, StripeStandIn } from '../../libs/payments/src/stand-in';
import type { Prng } from './prng';

const ATTEMPTS = 8;

export class ChaosPostman {
  readonly events: Json[] = [];
  readonly acknowledged = new Set<string>();
  readonly figures = { deliveries: 0, failedAttempts: 0, duplicated: 0, delayed: 0, reordered: 0 };
  private duplicateNext = 0;
  private delayNext = 0;
  private delayMs = 0;
  private reorderNext = 0;
  private readonly reorderBuffer: Json[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private turn = 0;
  private stopped = false;

  constructor(
    private readonly stripe: StripeStandIn,
    private readonly urls: () => string[],
    private readonly rng: Prng,
  ) {
    stripe.store.onEvent((event) => this.received(event));
  }

  duplicate(count: number): void {
    this.duplicateNext += count;
  }

  delay(count: number, ms: number): void {
    this.delayNext += count;
    this.delayMs = ms;
  }

  reorder(count: number): void {
    this.reorderNext += Math.max(2, count);
  }

  /** Lets go of what the faults hold back, waits for every delivery, redelivers the unanswered. */
  async settle(): Promise<void> {
    this.duplicateNext = this.delayNext = this.reorderNext = 0;
    this.flushReordered();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (let round = 0; round < 10; round++) {
      await Promise.all([...this.inFlight]);
      const missing = this.events.filter((e) => !this.acknowledged.has(String(e.id)));
      if (missing.length === 0) return;
      for (const event of missing) this.send(event);
    }
    await Promise.all([...this.inFlight]);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
  }

  private received(event: Json): void {
    this.events.push(event);
    if (this.reorderNext > 0) {
      this.reorderNext--;
      this.reorderBuffer.push(event);
      if (this.reorderNext === 0) this.flushReordered();
      else this.later(() => this.flushReordered(), 1500);
      return;
    }
    if (this.delayNext > 0) {
      this.delayNext--;
      this.figures.delayed++;
      this.later(() => this.send(event), this.delayMs);
      return;
    }
    this.send(event);
  }

  private flushReordered(): void {
    const batch = this.reorderBuffer.splice(0);
    if (batch.length > 1) this.figures.reordered += batch.length;
    // Fisher–Yates with the seed's generator, then the newest first if it came out in order.
    for (let i = batch.length - 1; i > 0; i--) {
      const j = this.rng.int(0, i);
      [batch[i], batch[j]] = [batch[j], batch[i]];
    }
    for (const event of batch.reverse()) this.send(event);
  }

  private later(run: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  private send(event: Json): void {
    const copies = this.duplicateNext > 0 ? 2 : 1;
    if (copies === 2) {
      this.duplicateNext--;
      this.figures.duplicated++;
    }
    for (let i = 0; i < copies; i++) {
      const delivery = this.deliverWithRetries(event).finally(() => this.inFlight.delete(delivery));
      this.inFlight.add(delivery);
    }
  }

  private async deliverWithRetries(event: Json): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS && !this.stopped; attempt++) {
      const urls = this.urls();
      const url = `${urls[this.turn++ % urls.length]}/webhooks/stripe`;
      try {
        this.figures.deliveries++;
        const { status } = await this.stripe.deliver(event, { url });
        if (status >= 200 && status < 300) {
          this.acknowledged.add(String(event.id));
          return;
        }
      } catch {
        // A crashed API process: the connection is refused or cut. Retried below.
      }
      this.figures.failedAttempts++;
      await new Promise((resolve) => setTimeout(resolve, Math.min(200 * 2 ** attempt, 3000)));
    }
  }
}
