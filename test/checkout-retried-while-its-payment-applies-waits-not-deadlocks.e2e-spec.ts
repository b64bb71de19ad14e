import './support/env/payments-offline';
import { createAccount, type TestAccount } from './support/accounts';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { backendWaitingOnLock } from './support/lock-waits';
import { checkout, holdAndCheckout } from './support/payments';
import { connectTestDatabase, useApiOnTestDatabase } from './support/test-app';

// Found by the chaos suite (docs/chaos.md): a fan retrying checkout while the worker applied
// the payment of the same hold met a deadlock. The payment locks the order, then the hold; the
// checkout locked the hold, then the order; Postgres broke the cycle by failing the checkout
// with a 500. Now the checkout takes an existing order's row first, so it waits for the payment.
describe('a checkout retried while its payment is applied waits for it, never deadlocks', () => {
  const ctx = useApiOnTestDatabase({ payments: true });
  let drop: LiveDrop;
  let fan: TestAccount;

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [5], perCustomerLimit: 5 });
    fan = await createAccount(ctx.app, ctx.db);
  });

  it('the payment takes the order and then the hold; the retry answers with the same session', async () => {
    const started = await holdAndCheckout(ctx.app, fan, drop.id, drop.variantIds[0]);
    // A second session stands in for the payment's transaction, taking the rows in its order.
    const payment = await connectTestDatabase();
    try {
      await payment.query('BEGIN');
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
    } finally {
      await payment.query('ROLLBACK').catch(() => undefined);
      await payment.end();
    }
  });
});
