import './support/env/payments-offline';
import { createAccount, type TestAccount } from './support/accounts';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { backendWaitingOnLock, inAnotherTransaction } from './support/lock-waits';
import { checkout, holdAndCheckout, holdStatus, placeHold } from './support/payments';
import { useApiOnTestDatabase } from './support/test-app';

// Checkout when Postgres fails or another transaction holds its rows. Both were found by the
// chaos suite (docs/chaos.md, "What the runs found"):
// - Postgres ends a request's connection mid-statement (an operator's pg_terminate_backend, a
//   failover): the fan gets a 503 with Retry-After, not a 500, nothing is half-written, and the
//   same request then succeeds.
// - A fan retries checkout while the worker applies the same hold's payment. The payment locks
//   the order, then the hold; checkout locked the hold, then the order, and Postgres broke the
//   cycle by failing the checkout (500). Checkout now locks an existing order first and waits.
describe('checkout when Postgres fails or its rows are locked', () => {
  const ctx = useApiOnTestDatabase({ payments: true });
  let drop: LiveDrop;
  let fan: TestAccount;

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [5], perCustomerLimit: 5 });
    fan = await createAccount(ctx.app, ctx.db);
  });

  it('a connection terminated while it waits for the hold row is a 503, and the retry succeeds', async () => {
    const holdId = await placeHold(ctx.app, fan, drop.id, drop.variantIds[0]);
    // A second session holds the hold's row, so the checkout's `FOR UPDATE` waits where we can
    // find it and end its backend.
    await inAnotherTransaction(async (locker) => {
      await locker.query('SELECT 1 FROM holds WHERE id = $1 FOR UPDATE', [holdId]);
      const answer = checkout(ctx.app, fan, drop.id, holdId).then((res) => res);
      const waiting = await backendWaitingOnLock(ctx.db, '%FROM holds%FOR UPDATE%');
      await ctx.db.query('SELECT pg_terminate_backend($1)', [waiting]);
      const lost = await answer;
      expect(lost.status).toBe(503);
      expect(lost.headers['retry-after']).toBe('1');
      expect(lost.body.error).toEqual({
        code: 'DATABASE_UNAVAILABLE',
        message: expect.stringMatching(/try again/i),
      });
    });
    const { rows: orders } = await ctx.db.query('SELECT id FROM orders WHERE hold_id = $1', [
      holdId,
    ]);
    expect(orders).toHaveLength(0);
    expect(await holdStatus(ctx.db, holdId)).toBe('active');

    const retried = await checkout(ctx.app, fan, drop.id, holdId).expect(201);
    expect(retried.body.sessionId).toEqual(expect.any(String));
  });

  it('a retry while its payment is applied waits for the payment, never deadlocks with it', async () => {
    const started = await holdAndCheckout(ctx.app, fan, drop.id, drop.variantIds[0]);
    // A second session stands in for the payment's transaction, taking the rows in its order.
    await inAnotherTransaction(async (payment) => {
      await payment.query('SELECT 1 FROM orders WHERE id = $1 FOR UPDATE', [started.orderId]);
      const retry = checkout(ctx.app, fan, drop.id, started.holdId).then((res) => res);
      // TypeORM's statement is longer than pg_stat_activity keeps: matched by its start.
      await backendWaitingOnLock(ctx.db, 'SELECT "Order"."id"%');
      // The payment's second lock: with the hold taken by a checkout waiting on the order, this
      // closed a cycle that Postgres ended by failing one side (`deadlock detected`).
      await payment.query('SELECT 1 FROM holds WHERE id = $1 FOR UPDATE', [started.holdId]);
      await payment.query('COMMIT');
      const answered = await retry;
      expect(answered.status).toBe(201);
      expect(answered.body).toMatchObject({
        orderId: started.orderId,
        sessionId: started.sessionId,
      });
    });
  });
});
