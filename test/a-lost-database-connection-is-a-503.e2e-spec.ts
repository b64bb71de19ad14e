import './support/env/payments-offline';
import { createAccount, type TestAccount } from './support/accounts';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { backendWaitingOnLock } from './support/lock-waits';
import { checkout, holdStatus, placeHold } from './support/payments';
import { connectTestDatabase, useApiOnTestDatabase } from './support/test-app';

// Postgres ends a request's connection mid-statement (an operator's pg_terminate_backend, a
// failover): the fan gets a 503 with Retry-After that says to try again, not a 500, nothing is
// half-written, and the same request then succeeds.
describe('a database connection lost mid-request answers 503, and the retry succeeds', () => {
  const ctx = useApiOnTestDatabase({ payments: true });
  let drop: LiveDrop;
  let fan: TestAccount;

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [5], perCustomerLimit: 5 });
    fan = await createAccount(ctx.app, ctx.db);
  });

  it('a checkout whose connection is terminated while it waits for the hold row', async () => {
    const holdId = await placeHold(ctx.app, fan, drop.id, drop.variantIds[0]);
    // A second session holds the hold's row, so the checkout's `FOR UPDATE` waits where we can
    // find it and end its backend.
    const locker = await connectTestDatabase();
    try {
      await locker.query('BEGIN');
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
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
    const { rows: orders } = await ctx.db.query('SELECT id FROM orders WHERE hold_id = $1', [
      holdId,
    ]);
    expect(orders).toHaveLength(0);
    expect(await holdStatus(ctx.db, holdId)).toBe('active');

    const retried = await checkout(ctx.app, fan, drop.id, holdId).expect(201);
    expect(retried.body.sessionId).toEqual(expect.any(String));
  });
});
