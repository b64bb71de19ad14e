import './support/env/payments-offline';
import './support/env/hold-sweeps-by-hand';
import { expireJobIdFor, HOLDS_QUEUE } from '@limited-run/inventory';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bull';
import type { Client } from 'pg';
import { HoldExpiryProcessor } from '../apps/worker/src/processors/hold-expiry.processor';
import { createAccount } from './support/accounts';
import { eventually } from './support/eventually';
import { openLiveDrop } from './support/live-drop';
import {
  type HeldCheckout,
  holdAndCheckout,
  holdStatus,
  type PaymentsHarness,
  placeHold,
  runOutHold,
} from './support/payments';
import { useApiOnTestDatabase } from './support/test-app';

describe('hold sweeps take turns across workers and do not wait on Stripe once per hold', () => {
  // Two worker processes' worth of consumers on the same queues.
  const stack = useApiOnTestDatabase({ workers: 2, payments: true });
  let api: NestFastifyApplication;
  let workers: NestFastifyApplication[];
  let db: Client;
  let payments: PaymentsHarness;
  beforeAll(() => {
    ({ app: api, workers, db, payments } = stack);
  });
  afterEach(() => payments.stripe.clearFaults());

  const sweepIn = (worker: number) => workers[worker].get(HoldExpiryProcessor).sweep();
  const expiriesOf = (started: HeldCheckout) =>
    payments.stripe.requestsTo('POST', `/v1/checkout/sessions/${started.sessionId}/expire`);

  /** `count` fans each hold a unit and open its Stripe session; then their holds run out. */
  async function dueCheckouts(count: number): Promise<HeldCheckout[]> {
    const drop = await openLiveDrop(api, db, { units: [count + 1] });
    const started: HeldCheckout[] = [];
    for (let i = 0; i < count; i++) {
      const fan = await createAccount(api, db);
      started.push(await holdAndCheckout(api, fan, drop.id, drop.variantIds[0]));
    }
    for (const { holdId } of started) await runOutHold(db, holdId);
    return started;
  }

  it('two workers sweep at once: one sweeps every due hold, the other returns at once', async () => {
    const started = await dueCheckouts(3);
    // Stripe answers each expiry slowly, so the two sweeps surely overlap.
    payments.stripe.injectFault({ path: '/v1/checkout/sessions/', delayMs: 200, times: 3 });

    const outcomes = await Promise.all([sweepIn(0), sweepIn(1)]);

    expect(outcomes).toEqual(
      expect.arrayContaining([
        { skipped: 'another sweep is running' },
        { expired: 3, kept: 0, deferred: 0 },
      ]),
    );
    // Each session was ended once, by the one sweep.
    expect(started.map((s) => expiriesOf(s).length)).toEqual([1, 1, 1]);
    for (const { holdId } of started) expect(await holdStatus(db, holdId)).toBe('expired');
    // The lease went with the sweep: the next one runs.
    expect(await sweepIn(1)).toEqual({ expired: 0, kept: 0, deferred: 0 });
  });

  it('Stripe unreachable: the sweep stops asking, keeps the holds in checkout, still releases the rest', async () => {
    const started = await dueCheckouts(6);
    const drop = await openLiveDrop(api, db, { units: [1] });
    const plainHold = await placeHold(
      api,
      await createAccount(api, db),
      drop.id,
      drop.variantIds[0],
    );
    await runOutHold(db, plainHold);
    payments.stripe.injectFault({ path: '/v1/checkout/sessions/', status: 503, times: 100 });

    expect(await sweepIn(0)).toEqual({ expired: 1, kept: 6, deferred: 0 });

    // Only the sessions the two lanes were already asking about (with the SDK's retries) when
    // Stripe first failed; the other four were not asked.
    const asked = started.filter((s) => expiriesOf(s).length > 0);
    expect(asked.length).toBeGreaterThanOrEqual(1);
    expect(asked.length).toBeLessThanOrEqual(2);
    for (const { holdId } of started) expect(await holdStatus(db, holdId)).toBe('active');
    expect(await holdStatus(db, plainHold)).toBe('expired');

    // Stripe is back: the next sweep ends every session and releases the holds.
    payments.stripe.clearFaults();
    expect(await sweepIn(1)).toEqual({ expired: 6, kept: 0, deferred: 0 });
    expect(started.map((s) => payments.stripe.store.sessions.get(s.sessionId)?.status)).toEqual(
      started.map(() => 'expired'),
    );
  });

  it('a sweep stops taking holds when its budget is spent and leaves them to the next', async () => {
    const started = await dueCheckouts(10);
    // 1.2 s per Stripe answer, two lanes, a budget of three seconds: six holds, then it stops.
    payments.stripe.injectFault({ path: '/v1/checkout/sessions/', delayMs: 1200, times: 10 });

    const first = await sweepIn(0);
    if ('skipped' in first) throw new Error('the first sweep was skipped');
    expect(first.kept).toBe(0);
    expect(first.expired).toBeGreaterThanOrEqual(2);
    expect(first.deferred).toBeGreaterThanOrEqual(1);
    expect(first.expired + first.deferred).toBe(10);

    // The next sweeps pick up where it stopped; each session is ended once.
    let remaining = first.deferred;
    for (let i = 0; i < 10 && remaining > 0; i++) {
      const next = await sweepIn(i % 2);
      if ('skipped' in next) throw new Error('a sweep was skipped with no other running');
      remaining = next.deferred;
    }
    expect(remaining).toBe(0);
    expect(started.map((s) => expiriesOf(s).length)).toEqual(started.map(() => 1));
    for (const { holdId } of started) expect(await holdStatus(db, holdId)).toBe('expired');
  });

  it('a wall clock stepped an hour ahead mid-sweep neither ends its budget nor defers a hold', async () => {
    const started = await dueCheckouts(4);
    // The holds' own expiry jobs are lost, so the sweep is what ends them. Bull promotes delayed
    // jobs by the wall clock (every five seconds at most): kept, the step would run those jobs
    // during the sweep and end some of its holds first, as it would in production.
    const holdsQueue = api.get<Queue>(getQueueToken(HOLDS_QUEUE), { strict: false });
    for (const { holdId } of started) {
      const ownJob = await holdsQueue.getJob(expireJobIdFor(holdId));
      expect(ownJob).not.toBeNull();
      await ownJob?.remove();
    }
    // 400 ms per Stripe answer, two lanes, a budget of three seconds: all four fit.
    payments.stripe.injectFault({ path: '/v1/checkout/sessions/', delayMs: 400, times: 4 });
    const sweeping = sweepIn(0);
    await eventually(() =>
      Promise.resolve(started.some((s) => expiriesOf(s).length > 0) ? true : undefined),
    );
    // NTP steps the clock while the first lanes wait on Stripe.
    const wallClock = Date.now.bind(Date);
    const stepped = jest.spyOn(Date, 'now').mockImplementation(() => wallClock() + 3_600_000);
    try {
      expect(await sweeping).toEqual({ expired: 4, kept: 0, deferred: 0 });
    } finally {
      stepped.mockRestore();
    }
    for (const { holdId } of started) expect(await holdStatus(db, holdId)).toBe('expired');
  });
});
