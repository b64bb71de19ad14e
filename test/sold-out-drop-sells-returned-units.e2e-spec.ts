import './support/env/payments-offline';
import { DropClock } from '@limited-run/drops';
import request from 'supertest';
import { createAccount } from './support/accounts';
import { dropState } from './support/drops';
import { openLiveDrop } from './support/live-drop';
import { holdAndCheckout, orderReaches, placeHold } from './support/payments';
import { useApiOnTestDatabase } from './support/test-app';

/**
 * Issue 11: `sold_out` was terminal, so units that came back after a sellout (a refund that
 * returns them) could never be sold again; and units left when a drop closed stayed allocated
 * to it for ever. Now `sold_out ↔ live` follows the stock, and an ended drop's units go back to
 * the edition.
 */
describe('sold out follows the real stock; a closed drop gives its units back', () => {
  const ctx = useApiOnTestDatabase({ worker: true, payments: true });

  const http = () => request(ctx.app.getHttpServer());
  const line = async (dropId: string) =>
    (
      await ctx.db.query<{ allocated: number; held: number; sold: number; edition: number }>(
        `SELECT l.quantity_allocated AS allocated, l.held, l.sold, v.allocated AS edition
           FROM drop_lines l JOIN variants v ON v.id = l.variant_id WHERE l.drop_id = $1`,
        [dropId],
      )
    ).rows[0];

  it('a refund that returns units reopens a sold-out drop, and the unit sells again', async () => {
    const drop = await openLiveDrop(ctx.app, ctx.db, { units: [1] });
    const [first, second] = [
      await createAccount(ctx.app, ctx.db),
      await createAccount(ctx.app, ctx.db),
    ];
    const bought = await holdAndCheckout(ctx.app, first, drop.id, drop.variantIds[0]);
    await ctx.payments.stripe.deliver(ctx.payments.stripe.pay(bought.sessionId)[0]);
    await orderReaches(ctx.db, bought.orderId, 'paid');
    expect(await dropState(ctx.db, drop.id)).toBe('sold_out');

    await http()
      .post(`/collectives/${drop.collective}/orders/${bought.orderId}/refund`)
      .set('authorization', drop.owner.bearer)
      .send({ returnUnitsToDrop: true })
      .expect(200);
    expect(await dropState(ctx.db, drop.id)).toBe('live');
    expect(await line(drop.id)).toEqual({ allocated: 1, held: 0, sold: 0, edition: 1 });

    const again = await holdAndCheckout(ctx.app, second, drop.id, drop.variantIds[0]);
    await ctx.payments.stripe.deliver(ctx.payments.stripe.pay(again.sessionId)[0]);
    await orderReaches(ctx.db, again.orderId, 'paid');
    expect(await dropState(ctx.db, drop.id)).toBe('sold_out');
    expect(await line(drop.id)).toEqual({ allocated: 1, held: 0, sold: 1, edition: 1 });
  });

  it('closing gives free units back at once and held units as their holds end', async () => {
    const drop = await openLiveDrop(ctx.app, ctx.db, { units: [3] });
    const fan = await createAccount(ctx.app, ctx.db);
    const holdId = await placeHold(ctx.app, fan, drop.id, drop.variantIds[0]);
    // Its end comes, and the worker's clock closes it.
    await ctx.db.query(
      `UPDATE drops SET ends_at = greatest(starts_at + interval '1 millisecond', now()) WHERE id = $1`,
      [drop.id],
    );
    expect(await ctx.worker.get(DropClock).close(drop.id)).toBe('done');
    expect(await dropState(ctx.db, drop.id)).toBe('closed');
    // Two free units went back; the held one is not back until its hold ends.
    expect(await line(drop.id)).toEqual({ allocated: 1, held: 1, sold: 0, edition: 1 });

    await http()
      .delete(`/drops/${drop.id}/holds/${holdId}`)
      .set('authorization', fan.bearer)
      .expect(200);
    expect(await line(drop.id)).toEqual({ allocated: 0, held: 0, sold: 0, edition: 0 });
    const { rows } = await ctx.db.query<{ kind: string; quantity: number }>(
      `SELECT kind, quantity FROM inventory_movements WHERE drop_id = $1 ORDER BY id`,
      [drop.id],
    );
    expect(rows).toEqual([
      { kind: 'hold', quantity: 1 },
      { kind: 'return', quantity: 2 },
      { kind: 'release', quantity: 1 },
      { kind: 'return', quantity: 1 },
    ]);
  });
});
