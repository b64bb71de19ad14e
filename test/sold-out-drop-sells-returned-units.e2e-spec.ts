import './support/env/payments-offline';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DropClock } from '@limited-run/drops';
import type { Client } from 'pg';
import request from 'supertest';
import { createAccount } from './support/accounts';
import { dropState } from './support/drops';
import { openLiveDrop } from './support/live-drop';
import {
  holdAndCheckout,
  orderReaches,
  type PaymentsHarness,
  placeHold,
  startPaymentsHarness,
} from './support/payments';
import { connectTestDatabase, createTestDatabase, startApi, startWorker } from './support/test-app';

/**
 * Issue 11: `sold_out` was terminal, so units that came back after a sellout (a refund that
 * returns them) could never be sold again; and units left when a drop closed stayed allocated
 * to it for ever. Now `sold_out ↔ live` follows the stock, and an ended drop's units go back to
 * the edition.
 */
describe('sold out follows the real stock; a closed drop gives its units back', () => {
  let api: NestFastifyApplication;
  let worker: NestFastifyApplication;
  let db: Client;
  let payments: PaymentsHarness;

  beforeAll(async () => {
    await createTestDatabase();
    db = await connectTestDatabase();
    api = await startApi();
    worker = await startWorker();
    payments = await startPaymentsHarness(api);
  });
  afterAll(async () => {
    await payments?.stop();
    await worker?.close();
    await api?.close();
    await db?.end();
  });

  const http = () => request(api.getHttpServer());
  const line = async (dropId: string) =>
    (
      await db.query<{ allocated: number; held: number; sold: number; edition: number }>(
        `SELECT l.quantity_allocated AS allocated, l.held, l.sold, v.allocated AS edition
           FROM drop_lines l JOIN variants v ON v.id = l.variant_id WHERE l.drop_id = $1`,
        [dropId],
      )
    ).rows[0];

  it('a refund that returns units reopens a sold-out drop, and the unit sells again', async () => {
    const drop = await openLiveDrop(api, db, { units: [1] });
    const [first, second] = [await createAccount(api, db), await createAccount(api, db)];
    const bought = await holdAndCheckout(api, first, drop.id, drop.variantIds[0]);
    await payments.stripe.deliver(payments.stripe.pay(bought.sessionId)[0]);
    await orderReaches(db, bought.orderId, 'paid');
    expect(await dropState(db, drop.id)).toBe('sold_out');

    await http()
      .post(`/collectives/${drop.collective}/orders/${bought.orderId}/refund`)
      .set('authorization', drop.owner.bearer)
      .send({ returnUnitsToDrop: true })
      .expect(200);
    expect(await dropState(db, drop.id)).toBe('live');
    expect(await line(drop.id)).toEqual({ allocated: 1, held: 0, sold: 0, edition: 1 });

    const again = await holdAndCheckout(api, second, drop.id, drop.variantIds[0]);
    await payments.stripe.deliver(payments.stripe.pay(again.sessionId)[0]);
    await orderReaches(db, again.orderId, 'paid');
    expect(await dropState(db, drop.id)).toBe('sold_out');
    expect(await line(drop.id)).toEqual({ allocated: 1, held: 0, sold: 1, edition: 1 });
  });

  it('closing gives free units back at once and held units as their holds end', async () => {
    const drop = await openLiveDrop(api, db, { units: [3] });
    const fan = await createAccount(api, db);
    const holdId = await placeHold(api, fan, drop.id, drop.variantIds[0]);
    // Its end comes, and the worker's clock closes it.
    await db.query(
      `UPDATE drops SET ends_at = greatest(starts_at + interval '1 millisecond', now()) WHERE id = $1`,
      [drop.id],
    );
    expect(await worker.get(DropClock).close(drop.id)).toBe('done');
    expect(await dropState(db, drop.id)).toBe('closed');
    // Two free units went back; the held one is not back until its hold ends.
    expect(await line(drop.id)).toEqual({ allocated: 1, held: 1, sold: 0, edition: 1 });

    await http()
      .delete(`/drops/${drop.id}/holds/${holdId}`)
      .set('authorization', fan.bearer)
      .expect(200);
    expect(await line(drop.id)).toEqual({ allocated: 0, held: 0, sold: 0, edition: 0 });
    const { rows } = await db.query<{ kind: string; quantity: number }>(
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
