// The model-based test's commands and invariants (issue 11): random sequences of real
// operations through the real API and worker, on real Postgres and Redis and the Stripe
// stand-in, with every invariant of "every unit accounted for" checked after every step.
import { randomUUID } from 'node:crypto';
import { REDIS } from '@limited-run/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import type Redis from 'ioredis';
import type { Client } from 'pg';
import request from 'supertest';
import { HoldExpiryProcessor } from '../../apps/worker/src/processors/hold-expiry.processor';
import type { TestAccount } from '../support/accounts';
import type { LiveDrop } from '../support/live-drop';
import { allEventsProcessed, type PaymentsHarness, runOutHold } from '../support/payments';
import { eventually } from '../support/test-app';

export interface World {
  api: NestFastifyApplication;
  worker: NestFastifyApplication;
  db: Client;
  payments: PaymentsHarness;
  drop: LiveDrop;
  fans: TestAccount[];
  /** Units the drop took from its edition at the start. */
  units: number;
  stats: { steps: number; checks: number };
}

interface HeldUnit {
  holdId: string;
  fan: number;
  sessionId?: string;
  orderId?: string;
}

/** What the test remembers to choose sensible next steps; the truth is always re-read. */
export interface Model {
  holds: HeldUnit[];
  paidOrders: string[];
  cancelled: boolean;
}

type Cmd = fc.AsyncCommand<Model, World>;

const http = (w: World) => request(w.api.getHttpServer());

/** Every refusal a fan can meet is a 4xx with a code; a 500 is a failure of the model. */
function expectClientAnswer(status: number, body: unknown, what: string): void {
  if (status >= 500) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
}

async function settled(w: World): Promise<void> {
  await allEventsProcessed(w.db);
  await eventually(async () => {
    const { rows } = await w.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM orders WHERE status = 'refund_pending'`,
    );
    return rows[0].n === 0 ? true : undefined;
  });
}

class Hold implements Cmd {
  constructor(readonly fan: number) {}
  check = () => true;
  async run(m: Model, w: World) {
    const res = await http(w)
      .post(`/drops/${w.drop.id}/holds`)
      .set('authorization', w.fans[this.fan].bearer)
      .set('idempotency-key', randomUUID())
      .send({ variantId: w.drop.variantIds[0], quantity: 1 });
    expectClientAnswer(res.status, res.body, 'hold');
    if (res.status === 201) m.holds.push({ holdId: res.body.holdId as string, fan: this.fan });
  }
  toString = () => `hold(fan ${this.fan})`;
}

class Release implements Cmd {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.holds.length > 0;
  async run(m: Model, w: World) {
    const [held] = m.holds.splice(this.pick % m.holds.length, 1);
    const res = await http(w)
      .delete(`/drops/${w.drop.id}/holds/${held.holdId}`)
      .set('authorization', w.fans[held.fan].bearer);
    expectClientAnswer(res.status, res.body, 'release');
  }
  toString = () => `release(#${this.pick})`;
}

class Checkout implements Cmd {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.holds.some((h) => !h.sessionId);
  async run(m: Model, w: World) {
    const open = m.holds.filter((h) => !h.sessionId);
    const held = open[this.pick % open.length];
    const res = await http(w)
      .post(`/drops/${w.drop.id}/holds/${held.holdId}/checkout`)
      .set('authorization', w.fans[held.fan].bearer);
    expectClientAnswer(res.status, res.body, 'checkout');
    if (res.status === 201) {
      held.sessionId = res.body.sessionId as string;
      held.orderId = res.body.orderId as string;
    }
  }
  toString = () => `checkout(#${this.pick})`;
}

class Pay implements Cmd {
  constructor(
    readonly pick: number,
    readonly late: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.holds.some((h) => h.sessionId);
  async run(m: Model, w: World) {
    const withSession = m.holds.filter((h) => h.sessionId);
    const held = withSession[this.pick % withSession.length];
    m.holds.splice(m.holds.indexOf(held), 1);
    const stripe = w.payments.stripe;
    if (stripe.store.sessions.get(held.sessionId!)?.status !== 'open') return;
    if (this.late) {
      // A delayed method: completed unpaid, the hold runs out, then the money settles.
      for (const event of stripe.payLate(held.sessionId!)) await stripe.deliver(event);
      await settled(w);
      await runOutHold(w.db, held.holdId);
      await w.worker.get(HoldExpiryProcessor).sweep();
      for (const event of stripe.settle(held.sessionId!, true)) await stripe.deliver(event);
    } else {
      for (const event of stripe.pay(held.sessionId!)) await stripe.deliver(event);
    }
    await settled(w);
    const { rows } = await w.db.query<{ status: string }>(
      `SELECT status FROM orders WHERE id = $1`,
      [held.orderId],
    );
    if (rows[0]?.status === 'paid') m.paidOrders.push(held.orderId!);
  }
  toString = () => `${this.late ? 'payLate' : 'pay'}(#${this.pick})`;
}

class Expire implements Cmd {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.holds.length > 0;
  async run(m: Model, w: World) {
    const held = m.holds[this.pick % m.holds.length];
    await runOutHold(w.db, held.holdId);
    await w.worker.get(HoldExpiryProcessor).sweep();
    await settled(w);
    const { rows } = await w.db.query<{ status: string }>(
      `SELECT status FROM holds WHERE id = $1`,
      [held.holdId],
    );
    if (rows[0]?.status !== 'active') m.holds.splice(m.holds.indexOf(held), 1);
  }
  toString = () => `expire(#${this.pick})`;
}

class Cancel implements Cmd {
  check = (m: Readonly<Model>) => !m.cancelled;
  async run(m: Model, w: World) {
    const res = await http(w)
      .post(`/collectives/${w.drop.collective}/drops/${w.drop.id}/cancel`)
      .set('authorization', w.drop.owner.bearer);
    expectClientAnswer(res.status, res.body, 'cancel');
    if (res.status === 200) m.cancelled = true;
    await settled(w);
  }
  toString = () => 'cancel()';
}

class Refund implements Cmd {
  constructor(
    readonly pick: number,
    readonly returnUnits: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.paidOrders.length > 0;
  async run(m: Model, w: World) {
    const [orderId] = m.paidOrders.splice(this.pick % m.paidOrders.length, 1);
    const res = await http(w)
      .post(`/collectives/${w.drop.collective}/orders/${orderId}/refund`)
      .set('authorization', w.drop.owner.bearer)
      .send({ returnUnitsToDrop: this.returnUnits });
    expectClientAnswer(res.status, res.body, 'refund');
    await settled(w);
  }
  toString = () => `refund(#${this.pick}, returnUnits=${this.returnUnits})`;
}

/** A command that counts itself and checks every invariant once it has run. */
function checked(command: Cmd): Cmd {
  return {
    check: (m) => command.check(m),
    run: async (m, w) => {
      await command.run(m, w);
      w.stats.steps++;
      await checkInvariants(w);
    },
    toString: () => command.toString(),
  };
}

/** Random sequences of what fans, the collective, Stripe and the clock do to one drop. */
export const commands = (fans: number, maxCommands: number) =>
  fc.commands(
    [
      fc.integer({ min: 0, max: fans - 1 }).map((fan) => checked(new Hold(fan))),
      fc.nat(9).map((pick) => checked(new Release(pick))),
      fc.nat(9).map((pick) => checked(new Checkout(pick))),
      fc.tuple(fc.nat(9), fc.boolean()).map(([pick, late]) => checked(new Pay(pick, late))),
      fc.nat(9).map((pick) => checked(new Expire(pick))),
      fc.constant(null).map(() => checked(new Cancel())),
      fc.tuple(fc.nat(9), fc.boolean()).map(([pick, back]) => checked(new Refund(pick, back))),
    ],
    { maxCommands },
  );

interface LineTruth {
  state: string;
  allocated: number;
  held: number;
  sold: number;
  returned: number;
  edition_allocated: number;
  edition_size: number;
  lines_total: number;
  active_held: number;
  converted: number;
  refund_returned: number;
  ledger_returned: number;
  cancelled_at: Date | null;
  sells_after_cancel: number;
}

/**
 * The invariants, against Postgres, the Redis gate and the stand-in. Throws with what is wrong.
 */
export async function checkInvariants(w: World): Promise<void> {
  w.stats.checks++;
  const variantId = w.drop.variantIds[0];
  const { rows } = await w.db.query<LineTruth>(
    `SELECT d.state, l.quantity_allocated AS allocated, l.held, l.sold,
            l.returned_to_edition AS returned, v.allocated AS edition_allocated,
            v.edition_size,
            (SELECT coalesce(sum(x.quantity_allocated), 0)::int FROM drop_lines x
              WHERE x.variant_id = v.id) AS lines_total,
            (SELECT coalesce(sum(h.quantity), 0)::int FROM holds h
              WHERE h.drop_id = d.id AND h.status = 'active') AS active_held,
            (SELECT coalesce(sum(h.quantity), 0)::int FROM holds h
              WHERE h.drop_id = d.id AND h.status = 'converted') AS converted,
            (SELECT coalesce(sum(m.quantity), 0)::int FROM inventory_movements m
              WHERE m.drop_id = d.id AND m.kind = 'refund') AS refund_returned,
            (SELECT coalesce(sum(m.quantity), 0)::int FROM inventory_movements m
              WHERE m.drop_id = d.id AND m.kind = 'return') AS ledger_returned,
            d.cancelled_at,
            (SELECT count(*)::int FROM inventory_movements m
              WHERE m.drop_id = d.id AND m.kind = 'sell' AND d.cancelled_at IS NOT NULL
                AND m.created_at > d.cancelled_at) AS sells_after_cancel
       FROM drops d JOIN drop_lines l ON l.drop_id = d.id JOIN variants v ON v.id = l.variant_id
      WHERE d.id = $1 AND v.id = $2`,
    [w.drop.id, variantId],
  );
  const t = rows[0];
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  expect(
    t.held + t.sold <= t.allocated,
    `held ${t.held} + sold ${t.sold} > allocated ${t.allocated}`,
  );
  expect(t.held === t.active_held, `line held ${t.held} ≠ active holds ${t.active_held}`);
  expect(
    t.sold === t.converted - t.refund_returned,
    `line sold ${t.sold} ≠ converted ${t.converted} − returned by refunds ${t.refund_returned}`,
  );
  expect(
    t.edition_allocated === t.lines_total,
    `edition allocated ${t.edition_allocated} ≠ Σ lines ${t.lines_total}`,
  );
  expect(t.edition_allocated <= t.edition_size, `edition over-allocated: ${t.edition_allocated}`);
  expect(
    t.returned === t.ledger_returned,
    `returned ${t.returned} ≠ ledger returns ${t.ledger_returned}`,
  );
  expect(
    t.allocated + t.returned === w.units,
    `allocated ${t.allocated} + returned ${t.returned} ≠ the drop's ${w.units} units`,
  );
  if (t.state === 'cancelled' || t.state === 'closed') {
    expect(t.allocated - t.held - t.sold === 0, `an ended drop keeps free units`);
  }
  if (t.state === 'cancelled') {
    expect(t.active_held === 0, `a cancelled drop has ${t.active_held} units held`);
    expect(t.sells_after_cancel === 0, `a cancelled drop sold ${t.sells_after_cancel} times`);
  }
  if (t.state === 'live' && t.allocated - t.held - t.sold === 0 && t.held === 0) {
    problems.push('live with nothing left to sell or hold: should be sold out');
  }
  if (t.state === 'sold_out') expect(t.sold === t.allocated, 'sold out with units left');

  // The Redis gate never admits more than Postgres holds free while the drop sells.
  if (t.state === 'live') {
    const redis = w.api.get<Redis>(REDIS);
    const gate = await redis.hget(`inv:{drop:${w.drop.id}}:avail`, variantId);
    if (gate !== null) {
      expect(
        Number(gate) === t.allocated - t.held - t.sold,
        `gate ${gate} ≠ free ${t.allocated - t.held - t.sold}`,
      );
    }
  }

  // Every successful payment is one paid order or one refund, never both, never two refunds.
  const stripe = w.payments.stripe.store;
  for (const session of stripe.sessions.values()) {
    const metadata = session.metadata as Record<string, string> | undefined;
    if (metadata?.dropId !== w.drop.id || session.payment_status !== 'paid') continue;
    const { rows: orders } = await w.db.query<{ status: string }>(
      `SELECT status FROM orders WHERE stripe_session_id = $1`,
      [session.id],
    );
    const refunds = [...stripe.refunds.values()].filter(
      (r) => r.payment_intent === session.payment_intent,
    );
    const status = orders[0]?.status;
    expect(orders.length === 1, `paid session ${String(session.id)} has ${orders.length} orders`);
    expect(
      (status === 'paid' && refunds.length === 0) ||
        (status === 'refunded' && refunds.length === 1),
      `paid session ${String(session.id)}: order ${status}, ${refunds.length} refunds`,
    );
  }
  if (problems.length > 0) throw new Error(`invariants broken:\n- ${problems.join('\n- ')}`);
}
