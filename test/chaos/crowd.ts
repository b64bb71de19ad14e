// What the seed's fans do, each fan's choices drawn from the seed: at the opening they try to
// hold a unit of the first-come drop (those refused join its waitlist), some enter the raffle;
// a fan with a hold (asked for, won, or offered as a second chance) checks out, then pays,
// walks away at Stripe, pays with a delayed method that settles (or fails) later, or lets the
// hold run out. A fan who paid waits on the order as the return page does (`?wait=`). Every fan's run is bounded: a few retries, then the fan gives up.
import type { StripeStandIn } from '../../libs/payments/src/stand-in';
import type { Fan } from '../../bench/support/fans';
import type { ChaosDrops } from './drops-setup';
import type { ChaosHttp } from './http';
import { Prng } from './prng';
import type { SeedDb } from './seed-db';

export interface CrowdFigures {
  holdAttempts: number;
  holdsGranted: number;
  refusedSoldOut: number;
  waitlisted: number;
  raffleEntries: number;
  checkouts: number;
  checkoutsFailed: number;
  paid: number;
  paidLate: number;
  abandoned: number;
  walkedAway: number;
  /** A Stripe move the fan made too late (the session had already expired). */
  tooLate: number;
  claimedOffers: number;
  /** Hold refusals by error code (SOLD_OUT, LIMIT_REACHED, …). */
  holdRefusals: Record<string, number>;
  /** What a fan who paid was answered by `GET /me/orders/:id?wait=`, by order status. */
  returnPage: Record<string, number>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** At most `limit` fans' requests in flight at once. */
class Gate {
  private active = 0;
  private readonly queue: Array<() => void> = [];
  constructor(private readonly limit: number) {}
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

export class ChaosCrowd {
  readonly figures: CrowdFigures = {
    holdAttempts: 0,
    holdsGranted: 0,
    refusedSoldOut: 0,
    waitlisted: 0,
    raffleEntries: 0,
    checkouts: 0,
    checkoutsFailed: 0,
    paid: 0,
    paidLate: 0,
    abandoned: 0,
    walkedAway: 0,
    tooLate: 0,
    claimedOffers: 0,
    holdRefusals: {},
    returnPage: {},
  };
  private readonly handled = new Set<string>();
  private readonly tasks = new Set<Promise<void>>();
  private readonly gate: Gate;
  private readonly byUser: Map<string, Fan>;

  constructor(
    private readonly http: ChaosHttp,
    private readonly stripe: StripeStandIn,
    private readonly db: SeedDb,
    private readonly drops: ChaosDrops,
    private readonly fans: Fan[],
    private readonly rng: Prng,
    concurrency: number,
  ) {
    this.gate = new Gate(concurrency);
    this.byUser = new Map(fans.map((fan) => [fan.userId, fan]));
  }

  /** Every fan arrives within `windowMs`; resolves when their first requests are answered. */
  async opening(windowMs: number, raffleShare: number): Promise<void> {
    await Promise.all(
      this.fans.map(async (fan, i) => {
        const rng = this.rng.fork(`fan-${i}`);
        await sleep(rng.int(0, windowMs));
        if (rng.chance(raffleShare)) await this.gate.run(() => this.enterRaffle(fan, rng));
        await this.gate.run(() => this.tryHold(fan, rng));
      }),
    );
  }

  /** Holds nobody has acted on yet (raffle wins, second-chance offers): their fans act. */
  async claimOffers(): Promise<number> {
    const rows = await this.db.query<{ id: string; user_id: string; drop_id: string }>(
      `SELECT h.id, h.user_id, h.drop_id FROM holds h
        WHERE h.drop_id = ANY($1) AND h.status = 'active'
          AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.hold_id = h.id)
        ORDER BY h.created_at, h.id`,
      [[this.drops.firstCome.id, this.drops.raffle.id]],
    );
    let claimed = 0;
    for (const row of rows) {
      if (this.handled.has(row.id)) continue;
      const fan = this.byUser.get(row.user_id);
      if (!fan) continue;
      claimed++;
      this.figures.claimedOffers++;
      this.actOn(fan, row.drop_id, row.id, this.rng.fork(`offer-${row.id}`));
    }
    return claimed;
  }

  /** Waits for every fan still acting (each act is bounded). */
  async finished(): Promise<void> {
    while (this.tasks.size > 0) await Promise.all([...this.tasks]);
  }

  private async enterRaffle(fan: Fan, rng: Prng): Promise<void> {
    const variantIds = this.drops.raffle.variantIds;
    const answer = await this.http.call(
      rng,
      'POST',
      `/drops/${this.drops.raffle.id}/raffle/entries`,
      {
        token: fan.token,
        body: { variantId: rng.pick(variantIds) },
      },
    );
    if (answer?.status === 201 || answer?.status === 200) this.figures.raffleEntries++;
  }

  private async tryHold(fan: Fan, rng: Prng): Promise<void> {
    const drop = this.drops.firstCome;
    this.figures.holdAttempts++;
    const answer = await this.http.call(rng, 'POST', `/drops/${drop.id}/holds`, {
      token: fan.token,
      idempotencyKey: `chaos-${rng.hex(24)}`,
      body: { variantId: rng.pick(drop.variantIds), quantity: rng.chance(0.2) ? 2 : 1 },
    });
    if (answer?.status === 201 && typeof answer.body.holdId === 'string') {
      this.figures.holdsGranted++;
      this.actOn(fan, drop.id, answer.body.holdId, rng);
      return;
    }
    const code = answer ? errorCode(answer.body) : 'no answer';
    this.figures.holdRefusals[code] = (this.figures.holdRefusals[code] ?? 0) + 1;
    if (code !== 'SOLD_OUT') return;
    this.figures.refusedSoldOut++;
    if (rng.chance(0.5)) {
      const joined = await this.http.call(rng, 'POST', `/drops/${drop.id}/waitlist`, {
        token: fan.token,
        body: {},
      });
      if (joined && joined.status < 300) this.figures.waitlisted++;
    }
  }

  private actOn(fan: Fan, dropId: string, holdId: string, rng: Prng): void {
    this.handled.add(holdId);
    const task = this.checkoutAndDecide(fan, dropId, holdId, rng)
      .catch(() => undefined)
      .finally(() => this.tasks.delete(task));
    this.tasks.add(task);
  }

  private async checkoutAndDecide(fan: Fan, dropId: string, holdId: string, rng: Prng) {
    await sleep(rng.int(50, 1500));
    const answer = await this.gate.run(() =>
      this.http.call(rng, 'POST', `/drops/${dropId}/holds/${holdId}/checkout`, {
        token: fan.token,
      }),
    );
    const sessionId = answer?.body.sessionId;
    const orderId = answer?.body.orderId;
    if (!answer || answer.status >= 300 || typeof sessionId !== 'string') {
      this.figures.checkoutsFailed++;
      await sleep(rng.int(200, 2000));
      await this.runOut(holdId, rng.int(0, 6));
      return;
    }
    this.figures.checkouts++;
    await sleep(rng.int(100, 2500));
    const choice = rng.next();
    if (choice < 0.5) {
      if (!this.atStripe(() => this.stripe.pay(sessionId))) return;
      this.figures.paid++;
      await this.returnPage(fan, String(orderId), rng);
    } else if (choice < 0.65) {
      if (this.atStripe(() => this.stripe.abandon(sessionId))) this.figures.abandoned++;
    } else if (choice < 0.8) {
      if (!this.atStripe(() => this.stripe.payLate(sessionId))) return;
      this.figures.paidLate++;
      await sleep(rng.int(200, 2000));
      if (rng.chance(0.5)) await this.runOut(holdId, rng.int(0, 6));
      await sleep(rng.int(200, 2000));
      this.atStripe(() => this.stripe.settle(sessionId, rng.chance(0.8)));
    } else {
      this.figures.walkedAway++;
      await sleep(rng.int(200, 3000));
      await this.runOut(holdId, rng.int(0, 6));
    }
  }

  /** Back from Stripe: one request that the API answers when the payment moves the order. */
  private async returnPage(fan: Fan, orderId: string, rng: Prng): Promise<void> {
    const seen = await this.http.call(rng, 'GET', `/me/orders/${orderId}?wait=10`, {
      token: fan.token,
      attempts: 2,
    });
    const status = seen?.status === 200 ? String(seen.body.status) : `http ${seen?.status ?? '-'}`;
    this.figures.returnPage[status] = (this.figures.returnPage[status] ?? 0) + 1;
  }

  /**
   * The hold's time runs out within `seconds` (the clock moves): the worker's sweep expires it
   * when that time comes, so a process whose own clock runs ahead meets holds not yet due.
   */
  private async runOut(holdId: string, seconds: number): Promise<void> {
    await this.db.query(
      `UPDATE holds SET expires_at = now() + make_interval(secs => $2)
        WHERE id = $1 AND status = 'active' AND expires_at > now() + make_interval(secs => $2)`,
      [holdId, seconds],
    );
  }

  private atStripe(move: () => unknown): boolean {
    try {
      move();
      return true;
    } catch {
      this.figures.tooLate++;
      return false;
    }
  }
}

function errorCode(body: Record<string, unknown>): string {
  const error = body.error as { code?: unknown } | undefined;
  return typeof error?.code === 'string' ? error.code : 'unknown';
}
