import './support/env/payments-offline';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { createDrop, inSeconds } from './support/drops';
import { openLiveDrop } from './support/live-drop';
import {
  allEventsProcessed,
  holdAndCheckout,
  holdStatus,
  orderReaches,
  orderRow,
  placeHold,
} from './support/payments';
import { eventually, useApiOnTestDatabase } from './support/test-app';

/**
 * Issue 11's scenario: a collective cancels a live drop while fans hold units and one is paying.
 * Before the fix the holds stayed active, the payment became a paid order of a cancelled drop,
 * and the edition got back its held units too, so a new drop could overcommit it.
 */
describe('a cancelled drop never sells: holds end, checkouts close, a late payment is refunded once', () => {
  const ctx = useApiOnTestDatabase({ worker: true, payments: true });

  const http = () => request(ctx.app.getHttpServer());
  const mailsTo = (fan: TestAccount, subject: RegExp) =>
    ctx.payments.mail.to(fan.email).filter((m) => subject.test(m.subject));
  const refundsOf = (sessionId: string) => {
    const intent = ctx.payments.stripe.store.sessions.get(sessionId)?.payment_intent;
    return [...ctx.payments.stripe.store.refunds.values()].filter(
      (r) => r.payment_intent === intent,
    );
  };

  it('cancel with a paid order, two holds mid-checkout and a waitlisted fan: the preview, the cancel and a late payment', async () => {
    // A 20-unit edition; the drop takes 10 of them.
    const drop = await openLiveDrop(ctx.app, ctx.db, { units: [10], editionSizes: [20] });
    const variantId = drop.variantIds[0];
    const as = (req: request.Test) => req.set('authorization', drop.owner.bearer);
    const base = `/collectives/${drop.collective}/drops/${drop.id}`;
    const [buyer, paying, late, waiting] = [
      await createAccount(ctx.app, ctx.db),
      await createAccount(ctx.app, ctx.db),
      await createAccount(ctx.app, ctx.db),
      await createAccount(ctx.app, ctx.db),
    ];

    // One unit sold before the cancel: that order stays valid.
    const bought = await holdAndCheckout(ctx.app, buyer, drop.id, variantId);
    await ctx.payments.stripe.deliver(ctx.payments.stripe.pay(bought.sessionId)[0]);
    await orderReaches(ctx.db, bought.orderId, 'paid');
    // Two fans hold a unit each and are on the payment page.
    const open = await holdAndCheckout(ctx.app, paying, drop.id, variantId);
    const stuck = await holdAndCheckout(ctx.app, late, drop.id, variantId);
    await http()
      .post(`/drops/${drop.id}/waitlist`)
      .set('authorization', waiting.bearer)
      .send({})
      .expect(201);

    const preview = await as(http().get(`${base}/cancellation`)).expect(200);
    expect(preview.body).toEqual({
      activeHolds: 2,
      openCheckouts: 2,
      raffleEntries: 0,
      waitlistEntries: 1,
      paidOrders: 1,
      unitsReturnedToEditions: 9,
    });

    // Stripe cannot be reached to expire the late fan's session: the cancel goes on anyway.
    ctx.payments.stripe.injectFault({
      path: `/v1/checkout/sessions/${stuck.sessionId}/expire`,
      status: 503,
      times: 100,
    });
    const cancelled = await as(http().post(`${base}/cancel`)).expect(200);
    ctx.payments.stripe.clearFaults();
    expect(cancelled.body.state).toBe('cancelled');

    // Everything the drop started has ended.
    expect(await holdStatus(ctx.db, open.holdId)).toBe('released');
    expect(await holdStatus(ctx.db, stuck.holdId)).toBe('released');
    expect(ctx.payments.stripe.store.sessions.get(open.sessionId)?.status).toBe('expired');
    expect((await orderRow(ctx.db, open.orderId)).status).toBe('expired');
    const { rows: releases } = await ctx.db.query<{ kind: string; reason: string }>(
      `SELECT kind, reason FROM inventory_movements WHERE hold_id = ANY($1::uuid[]) AND kind <> 'hold'`,
      [[open.holdId, stuck.holdId]],
    );
    expect(releases).toEqual([
      { kind: 'release', reason: 'drop cancelled' },
      { kind: 'release', reason: 'drop cancelled' },
    ]);
    const { rows: entries } = await ctx.db.query<{ status: string }>(
      `SELECT status FROM waitlist_entries WHERE drop_id = $1`,
      [drop.id],
    );
    expect(entries).toEqual([{ status: 'cancelled' }]);

    // The edition has back exactly what was not sold: 1 of 20 is committed.
    const allocation = async () =>
      (
        await ctx.db.query<{ allocated: number; line: number; held: number; sold: number }>(
          `SELECT v.allocated, l.quantity_allocated AS line, l.held, l.sold
             FROM variants v JOIN drop_lines l ON l.variant_id = v.id WHERE v.id = $1`,
          [variantId],
        )
      ).rows[0];
    expect(await allocation()).toEqual({ allocated: 1, line: 1, held: 0, sold: 1 });
    const { rows: returns } = await ctx.db.query<{ quantity: number }>(
      `SELECT quantity FROM inventory_movements WHERE drop_id = $1 AND kind = 'return'`,
      [drop.id],
    );
    expect(returns).toEqual([{ quantity: 9 }]);
    const tooMuch = await as(
      http()
        .post(`/collectives/${drop.collective}/drops`)
        .send({
          name: 'Next',
          slug: `next-${drop.id.slice(0, 8)}`,
          startsAt: inSeconds(3600),
          lines: [{ variantId, quantity: 20 }],
        }),
    ).expect(409);
    expect(tooMuch.body.error.code).toBe('VARIANT_OVER_ALLOCATED');
    const next = await createDrop(ctx.app, drop.owner, drop.collective, {
      name: 'Next',
      slug: `next-${drop.id.slice(0, 8)}`,
      startsAt: inSeconds(3600),
      lines: [{ variantId, quantity: 19 }],
    });
    expect(next.id).toEqual(expect.any(String));

    // No fan can hold any more.
    const refused = await http()
      .post(`/drops/${drop.id}/holds`)
      .set('authorization', waiting.bearer)
      .set('idempotency-key', 'after-cancel')
      .send({ variantId, quantity: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('DROP_NOT_LIVE');

    // The fan whose session could not be expired pays after all; the webhook comes twice.
    const [completed] = ctx.payments.stripe.pay(stuck.sessionId);
    expect((await ctx.payments.stripe.deliver(completed)).status).toBe(200);
    expect((await ctx.payments.stripe.deliver(completed)).status).toBe(200);
    const refunded = await orderReaches(ctx.db, stuck.orderId, 'refunded');
    expect(refunded.refund_reason).toBe('drop_cancelled');
    await allEventsProcessed(ctx.db);
    expect(refundsOf(stuck.sessionId)).toHaveLength(1);
    expect(await holdStatus(ctx.db, stuck.holdId)).toBe('released');

    // No order of the cancelled drop was paid after the cancel; the earlier one stands.
    const { rows: paid } = await ctx.db.query<{ id: string }>(
      `SELECT id FROM orders WHERE drop_id = $1 AND paid_at IS NOT NULL AND status = 'paid'`,
      [drop.id],
    );
    expect(paid).toEqual([{ id: bought.orderId }]);
    expect(await allocation()).toEqual({ allocated: 20, line: 1, held: 0, sold: 1 });

    // Everyone whose plans the cancel ended is told; the late payer also why they got money back.
    await eventually(() =>
      Promise.resolve(
        [paying, late, waiting].every((fan) => mailsTo(fan, /was cancelled/).length === 1) &&
          mailsTo(late, /^Refund/).length === 1
          ? true
          : undefined,
      ),
    );
    expect(mailsTo(late, /^Refund/)[0].text).toMatch(/after the collective had cancelled the drop/);
    expect(mailsTo(waiting, /was cancelled/)[0].text).toMatch(/place on the waitlist is closed/);
    expect(mailsTo(buyer, /was cancelled/)).toHaveLength(0);
  });

  it('a hold being placed while the drop is cancelled never survives the cancel', async () => {
    const drop = await openLiveDrop(ctx.app, ctx.db, { units: [50], perCustomerLimit: 1 });
    const fans = await Promise.all(
      Array.from({ length: 12 }, () => createAccount(ctx.app, ctx.db)),
    );
    const base = `/collectives/${drop.collective}/drops/${drop.id}`;
    const results = await Promise.allSettled([
      ...fans.map((fan) => placeHold(ctx.app, fan, drop.id, drop.variantIds[0])),
      http().post(`${base}/cancel`).set('authorization', drop.owner.bearer).expect(200),
    ]);
    expect(results.at(-1)?.status).toBe('fulfilled');
    const { rows } = await ctx.db.query<{ active: number; held: number; allocated: number }>(
      `SELECT (SELECT count(*)::int FROM holds WHERE drop_id = $1 AND status = 'active') AS active,
              l.held, v.allocated
         FROM drop_lines l JOIN variants v ON v.id = l.variant_id WHERE l.drop_id = $1`,
      [drop.id],
    );
    expect(rows).toEqual([{ active: 0, held: 0, allocated: 0 }]);
  });
});
