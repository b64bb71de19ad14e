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
import { sweepHoldsNow } from '../support/hold-sweep';
import { DropClock } from '@limited-run/drops';
import { RaffleDraw } from '@limited-run/raffles';
import { SecondChance } from '@limited-run/second-chance';
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
  mode: 'first_come' | 'raffle';
  /** Units the drop took from its edition at the start. */
  units: number;
  stats: { steps: number; checks: number };
}

/** What the test remembers between steps; everything else is re-read from the truth. */
export interface Model {
  cancelled: boolean;
  closed: boolean;
  drawn: boolean;
}

type Cmd = fc.AsyncCommand<Model, World>;

const http = (w: World) => request(w.api.getHttpServer());

/** Every refusal a fan or owner can meet is a 4xx with a code; a 500 fails the model. */
function expectClientAnswer(status: number, body: unknown, what: string): void {
  if (status >= 500) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
}

/** Waits until the worker has applied every payment event and finished every refund. */
async function settled(w: World): Promise<void> {
  await allEventsProcessed(w.db);
  await eventually(async () => {
    const { rows } = await w.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM orders WHERE status = 'refund_pending'`,
    );
    return rows[0].n === 0 ? true : undefined;
  });
}

interface ActiveHold {
  id: string;
  user_id: string;
  session_id: string | null;
  order_id: string | null;
}

/** The drop's active holds (asked for, won in the raffle or offered from the waitlist). */
async function activeHolds(w: World): Promise<ActiveHold[]> {
  const { rows } = await w.db.query<ActiveHold>(
    `SELECT h.id, h.user_id, o.stripe_session_id AS session_id, o.id AS order_id
       FROM holds h LEFT JOIN orders o ON o.hold_id = h.id
      WHERE h.drop_id = $1 AND h.status = 'active' ORDER BY h.created_at, h.id`,
    [w.drop.id],
  );
  return rows;
}

const fanOf = (w: World, userId: string) => w.fans.find((fan) => fan.id === userId)!;

class Hold implements Cmd {
  constructor(readonly fan: number) {}
  check = () => true;
  async run(_m: Model, w: World) {
    const res = await http(w)
      .post(`/drops/${w.drop.id}/holds`)
      .set('authorization', w.fans[this.fan].bearer)
      .set('idempotency-key', randomUUID())
      .send({ variantId: w.drop.variantIds[0], quantity: 1 });
    expectClientAnswer(res.status, res.body, 'hold');
  }
  toString = () => `hold(fan ${this.fan})`;
}

class Release implements Cmd {
  constructor(readonly pick: number) {}
  check = () => true;
  async run(_m: Model, w: World) {
    const holds = await activeHolds(w);
    if (holds.length === 0) return;
    const held = holds[this.pick % holds.length];
    const res = await http(w)
      .delete(`/drops/${w.drop.id}/holds/${held.id}`)
      .set('authorization', fanOf(w, held.user_id).bearer);
    expectClientAnswer(res.status, res.body, 'release');
  }
  toString = () => `release(hold #${this.pick})`;
}

class Checkout implements Cmd {
  constructor(readonly pick: number) {}
  check = () => true;
  async run(_m: Model, w: World) {
    const holds = (await activeHolds(w)).filter((h) => !h.session_id);
    if (holds.length === 0) return;
    const held = holds[this.pick % holds.length];
    const res = await http(w)
      .post(`/drops/${w.drop.id}/holds/${held.id}/checkout`)
      .set('authorization', fanOf(w, held.user_id).bearer);
    expectClientAnswer(res.status, res.body, 'checkout');
  }
  toString = () => `checkout(hold #${this.pick})`;
}

class Pay implements Cmd {
  constructor(
    readonly pick: number,
    readonly late: boolean,
  ) {}
  check = () => true;
  async run(_m: Model, w: World) {
    const stripe = w.payments.stripe;
    const { rows: open } = await w.db.query<{ session_id: string; hold_id: string }>(
      `SELECT stripe_session_id AS session_id, hold_id FROM orders
        WHERE drop_id = $1 AND stripe_session_id IS NOT NULL ORDER BY created_at, id`,
      [w.drop.id],
    );
    const payable = open.filter((o) => stripe.store.sessions.get(o.session_id)?.status === 'open');
    if (payable.length === 0) return;
    const { session_id: sessionId, hold_id: holdId } = payable[this.pick % payable.length];
    if (this.late) {
      // A delayed method: completed unpaid, the hold runs out, then the money settles.
      for (const event of stripe.payLate(sessionId)) await stripe.deliver(event);
      await settled(w);
      await runOutHold(w.db, holdId);
      await sweepHoldsNow(w.worker);
      for (const event of stripe.settle(sessionId, true)) await stripe.deliver(event);
    } else {
      for (const event of stripe.pay(sessionId)) await stripe.deliver(event);
    }
    await settled(w);
  }
  toString = () => `${this.late ? 'payLate' : 'pay'}(session #${this.pick})`;
}

class Expire implements Cmd {
  constructor(readonly pick: number) {}
  check = () => true;
  async run(_m: Model, w: World) {
    const holds = await activeHolds(w);
    if (holds.length === 0) return;
    await runOutHold(w.db, holds[this.pick % holds.length].id);
    await sweepHoldsNow(w.worker);
    await settled(w);
  }
  toString = () => `expire(hold #${this.pick})`;
}

class Cancel implements Cmd {
  check = (m: Readonly<Model>) => !m.cancelled && !m.closed;
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

/** The drop's end comes (its endsAt is now) and the worker's clock closes it. */
class Close implements Cmd {
  check = (m: Readonly<Model>) => !m.cancelled && !m.closed;
  async run(m: Model, w: World) {
    await w.db.query(
      `UPDATE drops SET ends_at = greatest(starts_at + interval '1 millisecond', now())
        WHERE id = $1 AND state IN ('live', 'sold_out')`,
      [w.drop.id],
    );
    const outcome = await w.worker.get(DropClock).close(w.drop.id);
    if (outcome === 'done') m.closed = true;
  }
  toString = () => 'close()';
}

class Refund implements Cmd {
  constructor(
    readonly pick: number,
    readonly returnUnits: boolean,
  ) {}
  check = () => true;
  async run(_m: Model, w: World) {
    const { rows: paid } = await w.db.query<{ id: string }>(
      `SELECT id FROM orders WHERE drop_id = $1 AND status = 'paid' ORDER BY paid_at, id`,
      [w.drop.id],
    );
    if (paid.length === 0) return;
    const res = await http(w)
      .post(`/collectives/${w.drop.collective}/orders/${paid[this.pick % paid.length].id}/refund`)
      .set('authorization', w.drop.owner.bearer)
      .send({ returnUnitsToDrop: this.returnUnits });
    expectClientAnswer(res.status, res.body, 'refund');
    await settled(w);
  }
  toString = () => `refund(order #${this.pick}, returnUnits=${this.returnUnits})`;
}

/** A fan joins the waitlist: after a sellout, units that come back are offered to them. */
class JoinWaitlist implements Cmd {
  constructor(readonly fan: number) {}
  check = () => true;
  async run(_m: Model, w: World) {
    const res = await http(w)
      .post(`/drops/${w.drop.id}/waitlist`)
      .set('authorization', w.fans[this.fan].bearer)
      .send({});
    expectClientAnswer(res.status, res.body, 'join waitlist');
  }
  toString = () => `joinWaitlist(fan ${this.fan})`;
}

/** The worker's second-chance sweep: offers returned units to waiting fans. */
class OfferSecondChance implements Cmd {
  check = () => true;
  async run(_m: Model, w: World) {
    await w.worker.get(SecondChance).run(w.drop.id);
  }
  toString = () => 'offerSecondChance()';
}

const entriesOpen = (m: Readonly<Model>) => !m.drawn && !m.cancelled;

class EnterRaffle implements Cmd {
  constructor(readonly fan: number) {}
  check = (m: Readonly<Model>) => entriesOpen(m);
  async run(_m: Model, w: World) {
    const res = await http(w)
      .post(`/drops/${w.drop.id}/raffle/entries`)
      .set('authorization', w.fans[this.fan].bearer)
      .send({ variantId: w.drop.variantIds[0] });
    expectClientAnswer(res.status, res.body, 'enter raffle');
  }
  toString = () => `enterRaffle(fan ${this.fan})`;
}

/** The entry window ends and the worker draws; then the drop opens. */
class Draw implements Cmd {
  check = (m: Readonly<Model>) => entriesOpen(m);
  async run(m: Model, w: World) {
    await w.db.query(
      `UPDATE drops SET entry_closes_at = now() - interval '1 second',
                        starts_at = now() - interval '1 second'
        WHERE id = $1 AND state = 'scheduled'`,
      [w.drop.id],
    );
    const outcome = await w.worker.get(RaffleDraw).draw(w.drop.id);
    if (outcome !== 'drawn') throw new Error(`draw: ${outcome}`);
    m.drawn = true;
    await w.worker.get(DropClock).open(w.drop.id);
  }
  toString = () => 'draw()';
}

/** The worker's pass-down: lapsed wins go to the next entry, leftovers back to the edition. */
class PassDown implements Cmd {
  check = (m: Readonly<Model>) => m.drawn;
  async run(_m: Model, w: World) {
    await w.worker.get(RaffleDraw).passDown(w.drop.id);
  }
  toString = () => 'passDown()';
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
export const commands = (mode: 'first_come' | 'raffle', fans: number, maxCommands: number) => {
  const fan = fc.integer({ min: 0, max: fans - 1 });
  const pick = fc.nat(9);
  const common = [
    pick.map((p) => checked(new Release(p))),
    pick.map((p) => checked(new Checkout(p))),
    pick.map((p) => checked(new Checkout(p))),
    fc.tuple(pick, fc.boolean()).map(([p, late]) => checked(new Pay(p, late))),
    fc.tuple(pick, fc.boolean()).map(([p, late]) => checked(new Pay(p, late))),
    pick.map((p) => checked(new Expire(p))),
    fc.constant(null).map(() => checked(new Cancel())),
    fc.constant(null).map(() => checked(new Close())),
    fc.tuple(pick, fc.boolean()).map(([p, back]) => checked(new Refund(p, back))),
  ];
  const specific =
    mode === 'raffle'
      ? [
          fan.map((f) => checked(new EnterRaffle(f))),
          fan.map((f) => checked(new EnterRaffle(f))),
          fc.constant(null).map(() => checked(new Draw())),
          fc.constant(null).map(() => checked(new PassDown())),
          fan.map((f) => checked(new Hold(f))),
        ]
      : [
          fan.map((f) => checked(new Hold(f))),
          fan.map((f) => checked(new Hold(f))),
          fan.map((f) => checked(new JoinWaitlist(f))),
          fc.constant(null).map(() => checked(new OfferSecondChance())),
        ];
  return fc.commands([...specific, ...common], { maxCommands, size: 'max' });
};

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
  if (
    t.state === 'live' &&
    t.allocated - t.held - t.sold === 0 &&
    t.held === 0 &&
    t.allocated > 0
  ) {
    problems.push('live with nothing left to sell or hold: should be sold out');
  }
  if (t.state === 'sold_out') expect(t.sold === t.allocated, 'sold out with units left');

  // The Redis gate admits exactly what Postgres holds free while the drop sells to whoever asks
  // (a raffle's units never pass the gate: its policy refuses first).
  if (t.state === 'live' && w.mode !== 'raffle') {
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
