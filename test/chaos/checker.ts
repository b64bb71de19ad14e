// The invariants of docs/design.md, checked once a seed has settled, against Postgres, the Redis
// gate, the stand-in's record of payments, and the samples taken while the faults flew.
import { RefundJob } from '../../libs/checkout/src/checkout.queue';
import { DropJob, DROPS_QUEUE } from '../../libs/drops/src/drops.queue';
import { HoldJob, HOLDS_QUEUE } from '../../libs/inventory/src/holds.queue';
import {
  NotificationJob,
  NOTIFICATIONS_QUEUE,
} from '../../libs/notifications/src/notifications.queue';
import { PaymentJob, PAYMENTS_QUEUE } from '../../libs/payments/src/payments.queue';
import type { StripeStandIn } from '../../libs/payments/src/stand-in';
import { WAITLIST_QUEUE, WaitlistJob } from '../../libs/admission/src/waitlist.queue';
import type Redis from 'ioredis';
import type { ChaosDrops } from './drops-setup';
import type { LineSample } from './sampler';
import type { SeedDb } from './seed-db';

export interface CheckReport {
  checks: number;
  violations: string[];
}

interface LineTruth {
  drop_id: string;
  variant_id: string;
  state: string;
  allocated: number;
  held: number;
  sold: number;
  returned: number;
  active_held: number;
  converted: number;
  ledger_held: number;
  ledger_sold: number;
  ledger_returned: number;
}

export class InvariantChecker {
  private checks = 0;
  private readonly violations: string[] = [];

  constructor(
    private readonly db: SeedDb,
    private readonly stripe: StripeStandIn,
    private readonly drops: ChaosDrops,
    private readonly sweepSeconds: number,
  ) {}

  private expect(ok: boolean, what: string): void {
    this.checks++;
    if (!ok) this.violations.push(what);
  }

  report(): CheckReport {
    return { checks: this.checks, violations: [...this.violations] };
  }

  get dropIds(): string[] {
    return [this.drops.firstCome.id, this.drops.raffle.id];
  }

  /** held + sold ≤ allocated in every sample taken during the run. */
  samples(samples: readonly LineSample[]): void {
    this.expect(samples.length > 0, 'no line samples were recorded during the run');
    for (const s of samples) {
      this.expect(
        s.held + s.sold <= s.allocated,
        `at ${new Date(s.at).toISOString()} line ${s.variantId}: held ${s.held} + sold ${s.sold} > allocated ${s.allocated}`,
      );
    }
  }

  /** The gate of a live first-come drop holds exactly the free units (after reconciliation). */
  gateMatches(gate: Record<string, string>, lines: LineTruth[]): string[] {
    const wrong: string[] = [];
    for (const line of lines) {
      const free = line.allocated - line.held - line.sold;
      if (Number(gate[line.variant_id]) !== free) {
        wrong.push(`gate ${line.variant_id}: ${gate[line.variant_id] ?? 'missing'} ≠ free ${free}`);
      }
    }
    return wrong;
  }

  async gate(redis: Redis, redisPrefix: string, attempts: number): Promise<void> {
    const drop = this.drops.firstCome.id;
    let wrong: string[] = ['not read'];
    for (let i = 0; i < attempts && wrong.length > 0; i++) {
      const lines = (await this.lines()).filter((l) => l.drop_id === drop);
      if (lines[0]?.state !== 'live') return;
      const gate = await redis.hgetall(`${redisPrefix}:inv:{drop:${drop}}:avail`);
      wrong = this.gateMatches(gate, lines);
      if (wrong.length > 0) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    this.expect(wrong.length === 0, `the Redis gate did not converge: ${wrong.join('; ')}`);
  }

  async lines(): Promise<LineTruth[]> {
    return this.db.query<LineTruth>(
      `SELECT l.drop_id, l.variant_id, d.state, l.quantity_allocated AS allocated, l.held, l.sold,
              l.returned_to_edition AS returned,
              (SELECT coalesce(sum(h.quantity), 0)::int FROM holds h
                WHERE h.drop_id = l.drop_id AND h.variant_id = l.variant_id AND h.status = 'active') AS active_held,
              (SELECT coalesce(sum(h.quantity), 0)::int FROM holds h
                WHERE h.drop_id = l.drop_id AND h.variant_id = l.variant_id AND h.status = 'converted') AS converted,
              coalesce(m.held, 0)::int AS ledger_held, coalesce(m.sold, 0)::int AS ledger_sold,
              coalesce(m.returned, 0)::int AS ledger_returned
         FROM drop_lines l JOIN drops d ON d.id = l.drop_id
         LEFT JOIN LATERAL (
           -- A late payment sold straight from free units (sellWithoutHold) has a 'sell' and no
           -- 'hold': only sales of units that were held come off the held side.
           SELECT sum(CASE WHEN kind = 'hold' THEN quantity
                           WHEN kind IN ('release', 'expire') THEN -quantity
                           WHEN kind = 'sell' AND EXISTS (
                             SELECT 1 FROM inventory_movements h
                              WHERE h.hold_id = x.hold_id AND h.kind = 'hold') THEN -quantity
                           ELSE 0 END) AS held,
                  sum(CASE kind WHEN 'sell' THEN quantity WHEN 'refund' THEN -quantity ELSE 0 END) AS sold,
                  sum(CASE kind WHEN 'return' THEN quantity ELSE 0 END) AS returned
             FROM inventory_movements x WHERE x.drop_id = l.drop_id AND x.variant_id = l.variant_id
         ) m ON true
        WHERE l.drop_id = ANY($1) ORDER BY l.drop_id, l.variant_id`,
      [this.dropIds],
    );
  }

  /**
   * Counters, the ledger, the holds and the drops' states agree. The ledger's held side is
   * hold − release − expire − (sales of held units); its sold side is sell − refund.
   */
  async counters(units: Map<string, number>): Promise<void> {
    for (const t of await this.lines()) {
      const line = `line ${t.variant_id}`;
      this.expect(
        t.held + t.sold <= t.allocated,
        `${line}: held ${t.held} + sold ${t.sold} > allocated ${t.allocated}`,
      );
      this.expect(
        t.held === t.active_held,
        `${line}: held ${t.held} ≠ active holds ${t.active_held}`,
      );
      this.expect(t.held === t.ledger_held, `${line}: held ${t.held} ≠ ledger ${t.ledger_held}`);
      this.expect(t.sold === t.ledger_sold, `${line}: sold ${t.sold} ≠ ledger ${t.ledger_sold}`);
      this.expect(
        t.returned === t.ledger_returned,
        `${line}: returned ${t.returned} ≠ ledger ${t.ledger_returned}`,
      );
      this.expect(
        t.allocated + t.returned === units.get(t.variant_id),
        `${line}: allocated ${t.allocated} + returned ${t.returned} ≠ the drop's ${units.get(t.variant_id)} units`,
      );
      this.expect(
        ['closed', 'cancelled'].includes(t.state),
        `drop ${t.drop_id} ended ${t.state}, not in an end state`,
      );
      this.expect(
        t.allocated - t.held - t.sold === 0,
        `${line}: an ended drop keeps ${t.allocated - t.held - t.sold} free units`,
      );
    }
  }

  /** No edition number given to two live orders; every paid order has its numbers. */
  async serials(): Promise<void> {
    const dupes = await this.db.query<{ variant_id: string; serial: number; n: number }>(
      `SELECT s.variant_id, s.serial, count(*)::int AS n FROM order_serials s
         JOIN orders o ON o.id = s.order_id
        WHERE s.voided_at IS NULL AND o.drop_id = ANY($1)
        GROUP BY s.variant_id, s.serial HAVING count(*) > 1`,
      [this.dropIds],
    );
    this.expect(dupes.length === 0, `serials given twice: ${JSON.stringify(dupes)}`);
    const short = await this.db.query<{ id: string; quantity: number; n: number }>(
      `SELECT o.id, o.quantity,
              (SELECT count(*)::int FROM order_serials s WHERE s.order_id = o.id AND s.voided_at IS NULL) AS n
         FROM orders o WHERE o.drop_id = ANY($1) AND o.status = 'paid'`,
      [this.dropIds],
    );
    for (const o of short)
      this.expect(o.n === o.quantity, `paid order ${o.id}: ${o.n} serials for ${o.quantity} units`);
  }

  /** Every payment Stripe took is exactly one paid order or one refund, and the fan was told. */
  async payments(): Promise<void> {
    const store = this.stripe.store;
    const refundsByIntent = new Map<string, number>();
    for (const refund of store.refunds.values()) {
      const intent = String(refund.payment_intent);
      if (refund.status !== 'failed')
        refundsByIntent.set(intent, (refundsByIntent.get(intent) ?? 0) + 1);
    }
    for (const session of store.sessions.values()) {
      if (session.payment_status !== 'paid') continue;
      const id = String(session.id);
      const orders = await this.db.query<{ id: string; status: string; mails: string[] }>(
        `SELECT o.id, o.status,
                array(SELECT n.template || ':' || n.status FROM notifications n
                       WHERE n.template IN ('order-confirmation', 'order-refunded')
                         AND n.payload->>'orderId' = o.id::text) AS mails
           FROM orders o WHERE o.stripe_session_id = $1`,
        [id],
      );
      const refunds = refundsByIntent.get(String(session.payment_intent)) ?? 0;
      this.expect(orders.length === 1, `paid session ${id} has ${orders.length} orders`);
      const order = orders[0];
      if (!order) continue;
      const told = (template: string) => order.mails.filter((m) => m === `${template}:sent`).length;
      if (order.status === 'paid') {
        this.expect(refunds === 0, `paid order ${order.id} was also refunded ${refunds} times`);
        this.expect(
          told('order-confirmation') === 1,
          `paid order ${order.id}: confirmation mails ${JSON.stringify(order.mails)}`,
        );
      } else if (order.status === 'refunded') {
        this.expect(refunds === 1, `refunded order ${order.id} has ${refunds} refunds at Stripe`);
        this.expect(
          told('order-refunded') === 1,
          `refunded order ${order.id}: refund mails ${JSON.stringify(order.mails)}`,
        );
      } else {
        this.expect(false, `paid session ${id} ended as order ${order.status}`);
      }
    }
    const unpaid = await this.db.query<{ id: string; session: string }>(
      `SELECT id, stripe_session_id AS session FROM orders WHERE drop_id = ANY($1) AND status = 'paid'`,
      [this.dropIds],
    );
    for (const o of unpaid) {
      this.expect(
        store.sessions.get(o.session)?.payment_status === 'paid',
        `order ${o.id} is paid but Stripe took no payment for it`,
      );
    }
  }

  /** No hold left active past its expiry plus the sweep interval (and a second of slack). */
  async holds(): Promise<void> {
    const overdue = await this.db.query<{ id: string; late: number }>(
      `SELECT id, extract(epoch FROM now() - expires_at)::float AS late FROM holds
        WHERE drop_id = ANY($1) AND status = 'active'
          AND expires_at < now() - make_interval(secs => $2)`,
      [this.dropIds, this.sweepSeconds + 1],
    );
    this.expect(
      overdue.length === 0,
      `holds active past expiry + sweep: ${JSON.stringify(overdue)}`,
    );
  }

  /**
   * No hold ran out before its time by the database's clock: a process whose own clock runs
   * ahead must not cut a fan's hold short.
   */
  async holdsNotCutShort(): Promise<void> {
    const early = await this.db.query<{ id: string; early: number }>(
      `SELECT id, extract(epoch FROM expires_at - ended_at)::float AS early FROM holds
        WHERE drop_id = ANY($1) AND status = 'expired' AND ended_at < expires_at`,
      [this.dropIds],
    );
    this.expect(early.length === 0, `holds expired before their time: ${JSON.stringify(early)}`);
  }

  /**
   * Every repeatable safety-net sweep of the workers is registered in Redis, once. The settling
   * phase has Redis lose its data after the last process restart, so only the workers' own
   * re-registration can have put them back.
   */
  async safetyNets(redis: Redis, redisPrefix: string): Promise<void> {
    for (const [queue, names] of Object.entries(SAFETY_NETS)) {
      const keys = await redis.zrange(`${redisPrefix}:bull:${queue}:repeat`, 0, -1);
      // A repeat key is `name:jobId:endDate:tz:every`.
      const registered = keys.map((key) => key.split(':')[0]);
      for (const name of names) {
        const times = registered.filter((n) => n === name).length;
        this.expect(times === 1, `safety net ${queue}/${name} registered ${times} times`);
      }
    }
  }

  /** Nothing left half done: events processed, refunds finished, mail sent, no job waiting. */
  async nothingStuck(redis: Redis, redisPrefix: string): Promise<void> {
    for (const line of await stuckWork(this.db, redis, redisPrefix)) this.expect(false, line);
    this.checks++;
  }
}

const QUEUES = ['holds', 'payments', 'drops', 'waitlist', 'notifications', 'anomalies'];

/** The workers' repeatable sweeps, by queue (apps/worker/src/safety-nets.ts registers them). */
const SAFETY_NETS: Record<string, string[]> = {
  [HOLDS_QUEUE]: [HoldJob.Sweep, HoldJob.Reconcile],
  [DROPS_QUEUE]: [DropJob.Sweep],
  [WAITLIST_QUEUE]: [WaitlistJob.RaffleSweep, WaitlistJob.WaitlistSweep],
  [PAYMENTS_QUEUE]: [PaymentJob.SweepEvents, RefundJob.Sweep],
  [NOTIFICATIONS_QUEUE]: [NotificationJob.Sweep],
};

/** What is still pending (empty when the seed has settled). */
export async function stuckWork(db: SeedDb, redis: Redis, redisPrefix: string): Promise<string[]> {
  const [row] = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM payment_events WHERE processed_at IS NULL) AS "unprocessed payment events",
            (SELECT count(*)::int FROM orders WHERE status IN ('refund_pending', 'awaiting_async_payment')) AS "orders mid-payment or mid-refund",
            (SELECT count(*)::int FROM notifications WHERE status <> 'sent') AS "unsent notifications",
            (SELECT count(*)::int FROM anomalies WHERE alerted_at IS NULL) AS "anomalies not yet alerted"`,
  );
  const stuck = Object.entries(row)
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${n} ${what}`);
  // The sweeps are repeatable jobs that pass through `wait` and `active` every second: a job is
  // stuck only if it is still there a while later.
  const before = await pendingJobs(redis, redisPrefix);
  if (before.size === 0) return stuck;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const after = await pendingJobs(redis, redisPrefix);
  for (const job of before) if (after.has(job)) stuck.push(`job ${job} still pending`);
  return stuck;
}

async function pendingJobs(redis: Redis, redisPrefix: string): Promise<Set<string>> {
  const jobs = new Set<string>();
  for (const queue of QUEUES) {
    for (const list of ['active', 'wait']) {
      const ids = await redis.lrange(`${redisPrefix}:bull:${queue}:${list}`, 0, 200);
      for (const id of ids) jobs.add(`${queue}/${list}/${id}`);
    }
  }
  return jobs;
}
