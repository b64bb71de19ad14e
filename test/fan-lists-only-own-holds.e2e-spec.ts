// The account page's holds list (`GET /me/holds`): a fan sees their own holds only, newest
// first, each named by its drop, item and variant (read through the drops' and the catalog's
// readers, not a join of their tables), with its status once it has ended.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { useApiOnTestDatabase } from './support/test-app';

describe('a fan lists their own holds', () => {
  const ctx = useApiOnTestDatabase();
  let drop: LiveDrop;
  let fan: TestAccount;
  let other: TestAccount;

  const hold = async (who: TestAccount, variantId: string): Promise<string> => {
    const response = await request(ctx.app.getHttpServer())
      .post(`/drops/${drop.id}/holds`)
      .set('authorization', who.bearer)
      .set('idempotency-key', randomUUID())
      .send({ variantId, quantity: 1 })
      .expect(201);
    return response.body.holdId as string;
  };

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [3, 3], perCustomerLimit: 2 });
    fan = await createAccount(ctx.app, ctx.db);
    other = await createAccount(ctx.app, ctx.db);
  });

  it('names each hold, newest first, and leaves out other fans’ holds', async () => {
    const first = await hold(fan, drop.variantIds[0]);
    await hold(other, drop.variantIds[0]);
    const second = await hold(fan, drop.variantIds[1]);
    await ctx.db.query(`UPDATE holds SET status = 'expired', ended_at = now() WHERE id = $1`, [
      first,
    ]);
    const { rows } = await ctx.db.query<{ name: string }>('SELECT name FROM drops WHERE id = $1', [
      drop.id,
    ]);

    const response = await request(ctx.app.getHttpServer())
      .get('/me/holds')
      .set('authorization', fan.bearer)
      .expect(200);

    expect(response.body.holds).toEqual([
      expect.objectContaining({
        holdId: second,
        dropId: drop.id,
        dropName: rows[0].name,
        variantId: drop.variantIds[1],
        itemTitle: 'Race pressing',
        variantLabel: 'Pressing 2',
        quantity: 1,
        status: 'active',
      }),
      expect.objectContaining({
        holdId: first,
        variantLabel: 'Pressing 1',
        status: 'expired',
      }),
    ]);
    for (const listed of response.body.holds) {
      expect(Date.parse(listed.expiresAt)).not.toBeNaN();
      expect(Date.parse(listed.createdAt)).not.toBeNaN();
    }
  });

  it('is empty for a fan without holds', async () => {
    const newcomer = await createAccount(ctx.app, ctx.db);
    const response = await request(ctx.app.getHttpServer())
      .get('/me/holds')
      .set('authorization', newcomer.bearer)
      .expect(200);
    expect(response.body).toEqual({ holds: [] });
  });
});
