import { Metrics, PlatformConfig } from '@limited-run/platform';
import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Client } from 'pg';
import { ORDER_STATUS_CHANNEL, SETTLING } from './order-lifecycle';
import type { OrderView } from './order-views';
import { OrdersService } from './orders.service';

/** The longest a fan's request may wait for its order (below common proxies' 30 s idle cut). */
export const MAX_ORDER_WAIT_SECONDS = 25;

/** How long a wait gives a new listening connection to come up before relying on rechecks. */
const LISTEN_TIMEOUT_MS = 2_000;

/** One waiting request: woken by its order's notification (a wake before it sleeps is kept). */
class Waiter {
  private woken = false;
  private wake?: () => void;

  notify(): void {
    this.woken = true;
    this.wake?.();
  }

  /**
   * Resolves on the next notification, after `ms`, or once `gone` aborts; true if a
   * notification came.
   */
  async next(ms: number, gone?: AbortSignal): Promise<boolean> {
    if (!this.woken && !gone?.aborted) {
      let timer: NodeJS.Timeout | undefined;
      let onAbort: (() => void) | undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        timer = setTimeout(resolve, ms);
        gone?.addEventListener('abort', (onAbort = () => resolve()), { once: true });
      });
      clearTimeout(timer);
      if (onAbort) gone?.removeEventListener('abort', onAbort);
      this.wake = undefined;
    }
    const woken = this.woken;
    this.woken = false;
    return woken;
  }
}

/**
 * Lets a fan's request wait for an order a payment event is still moving (the return page after
 * Stripe's redirect, which can beat the webhook) instead of polling it: one read when it moves,
 * not one every interval. Every status change notifies `ORDER_STATUS_CHANNEL` inside its own
 * transaction (`applyOrderTransition`), so Postgres delivers it only once committed, whichever
 * process committed it; this process keeps one connection listening and wakes the requests
 * waiting on that order. A notification missed while that connection is down (Postgres
 * restarted, the backend terminated) costs at most `ORDER_WAIT_RECHECK_MS`: a wait reads its
 * order that often regardless, and the next wait reconnects.
 */
@Injectable()
export class SettlingOrders implements BeforeApplicationShutdown {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private waiting = 0;
  private listener?: Client;
  private connecting?: Promise<void>;
  private closing = false;

  constructor(
    private readonly orders: OrdersService,
    private readonly config: PlatformConfig,
    private readonly logger: PinoLogger,
    metrics: Metrics,
  ) {
    this.logger.setContext(SettlingOrders.name);
    metrics.trackOrderWaits(() => this.waiting);
  }

  /**
   * The fan's order, as `OrdersService.oneForFan`; while it is settling, answered once it moves
   * or after `waitSeconds`, whichever comes first (then still settling: the caller asks again).
   * Null once `gone` aborts: the client left, and nothing more is read for it.
   */
  async oneForFan(
    userId: string,
    orderId: string,
    waitSeconds: number,
    gone?: AbortSignal,
  ): Promise<OrderView | null> {
    if (waitSeconds <= 0) return this.orders.oneForFan(userId, orderId);
    const deadline = performance.now() + Math.min(waitSeconds, MAX_ORDER_WAIT_SECONDS) * 1000;
    const waiter = new Waiter();
    const stop = this.watch(orderId, waiter);
    try {
      // Listening before the first look: a move committed after it cannot be missed.
      await this.listening();
      // A look while the order settles is its status alone (one statement); the whole view (a
      // read per owner: order, drop, variant, fan, hold, collective) is read to answer, and
      // straight after a notification, which usually means the order has settled. Each
      // statement costs a round trip, and a drop's fans all wait at once.
      let status = await this.orders.statusForFan(userId, orderId);
      // Shutting down: answered at once, while the database is still open (Nest closes it
      // after the HTTP server, which waits for this request).
      while (status !== undefined && SETTLING.includes(status) && !this.closing) {
        const left = deadline - performance.now();
        if (left <= 0) break;
        const moved = await waiter.next(
          Math.min(left, this.config.get('ORDER_WAIT_RECHECK_MS')),
          gone,
        );
        if (gone?.aborted) return null;
        if (this.closing) break;
        if (!moved) {
          status = await this.orders.statusForFan(userId, orderId);
          continue;
        }
        const order = await this.orders.oneForFan(userId, orderId);
        if (!SETTLING.includes(order.status)) return order;
        status = order.status;
      }
      // Another fan's order (no status) is not found, as without a wait.
      return await this.orders.oneForFan(userId, orderId);
    } finally {
      stop();
    }
  }

  /** Shutting down: every wait answers at once (its one read of the order), so the server can close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    for (const waiters of this.waiters.values()) waiters.forEach((waiter) => waiter.notify());
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  private watch(orderId: string, waiter: Waiter): () => void {
    let set = this.waiters.get(orderId);
    if (!set) this.waiters.set(orderId, (set = new Set()));
    set.add(waiter);
    this.waiting += 1;
    return () => {
      this.waiting -= 1;
      set.delete(waiter);
      if (set.size === 0 && this.waiters.get(orderId) === set) this.waiters.delete(orderId);
    };
  }

  /** Resolves once this process listens, or after `LISTEN_TIMEOUT_MS` without (rechecks cover it). */
  private async listening(): Promise<void> {
    if (this.listener || this.closing) return;
    this.connecting ??= this.listen().finally(() => (this.connecting = undefined));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.connecting,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, LISTEN_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
  }

  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.config.get('DATABASE_URL'),
      application_name: 'limited-run',
      connectionTimeoutMillis: LISTEN_TIMEOUT_MS,
    });
    let ended = false;
    const lost = (error?: Error): void => {
      ended = true;
      if (this.listener === client) this.listener = undefined;
      if (error) this.logger.warn({ err: error }, 'order status listener lost; waits recheck');
      client.end().catch(() => undefined);
    };
    client.on('notification', ({ payload }) => {
      this.waiters.get(payload ?? '')?.forEach((waiter) => waiter.notify());
    });
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${ORDER_STATUS_CHANNEL}`);
    } catch (error) {
      lost(error as Error);
      return;
    }
    if (this.closing) await client.end().catch(() => undefined);
    else if (!ended) this.listener = client;
  }
}
