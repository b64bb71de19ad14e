import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createAccount, TestAccount } from './support/accounts';
import { LiveDrop, openLiveDrop } from './support/live-drop';
import { useApiOnTestDatabase } from './support/test-app';

describe('fans hold units of a live drop', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());
  let drop: LiveDrop;
  let fan: TestAccount;

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [3, 5], perCustomerLimit: 2 });
    fan = await createAccount(ctx.app, ctx.db);
  });

  const hold = (who: TestAccount, body: object, key: string | null = randomUUID()) => {
    const call = http().post(`/drops/${drop.id}/holds`).set('authorization', who.bearer);
    return (key === null ? call : call.set('idempotency-key', key)).send(body);
  };
  const line = async (variantId: string) =>
    (
      await ctx.db.query<{ held: number; sold: number; quantity_allocated: number }>(
        'SELECT held, sold, quantity_allocated FROM drop_lines WHERE drop_id = $1 AND variant_id = $2',
        [drop.id, variantId],
      )
    ).rows[0];
  const ledger = async () =>
    (
      await ctx.db.query<{ kind: string; quantity: number }>(
        'SELECT kind, quantity FROM inventory_movements WHERE drop_id = $1 ORDER BY id',
        [drop.id],
      )
    ).rows;

  it('holds a unit: 201 with an expiry, the line and the ledger move together', async () => {
    const res = await hold(fan, { variantId: drop.variantIds[0], quantity: 1 }).expect(201);
    expect(res.body).toMatchObject({
      holdId: expect.any(String),
      dropId: drop.id,
      variantId: drop.variantIds[0],
      quantity: 1,
      status: 'active',
    });
    const expiresIn = Date.parse(res.body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(590_000);
    expect(expiresIn).toBeLessThanOrEqual(600_000);
    expect(await line(drop.variantIds[0])).toEqual({ held: 1, sold: 0, quantity_allocated: 3 });
    expect(await ledger()).toEqual([{ kind: 'hold', quantity: 1 }]);
    const mine = await http()
      .get(`/drops/${drop.id}/holds/${res.body.holdId}`)
      .set('authorization', fan.bearer)
      .expect(200);
    expect(mine.body.holdId).toBe(res.body.holdId);
  });

  it('a retry with the same key and body gets the same hold; another body under that key is refused', async () => {
    const key = randomUUID();
    const other = await createAccount(ctx.app, ctx.db);
    const first = await hold(other, { variantId: drop.variantIds[1], quantity: 1 }, key).expect(
      201,
    );
    const again = await hold(other, { variantId: drop.variantIds[1], quantity: 1 }, key).expect(
      201,
    );
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const changed = await hold(other, { variantId: drop.variantIds[1], quantity: 2 }, key).expect(
      422,
    );
    expect(changed.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await line(drop.variantIds[1])).held).toBe(1);
  });

  it('refuses with stable codes and writes nothing', async () => {
    const before = await ledger();
    const cases: Array<[object, string | null, number, string]> = [
      [{ variantId: drop.variantIds[0], quantity: 1 }, null, 400, 'IDEMPOTENCY_KEY_REQUIRED'],
      [
        { variantId: drop.variantIds[0], quantity: 1 },
        'bad key with spaces',
        400,
        'IDEMPOTENCY_KEY_REQUIRED',
      ],
      [{ variantId: 'nope', quantity: 0 }, randomUUID(), 400, 'VALIDATION_FAILED'],
      [{ variantId: randomUUID(), quantity: 1 }, randomUUID(), 404, 'VARIANT_NOT_IN_DROP'],
      [{ variantId: drop.variantIds[0], quantity: 3 }, randomUUID(), 422, 'LIMIT_REACHED'],
    ];
    for (const [body, key, status, code] of cases) {
      const res = await hold(fan, body, key).expect(status);
      expect(res.body.error.code).toBe(code);
    }
    const missing = await http()
      .post(`/drops/${randomUUID()}/holds`)
      .set('authorization', fan.bearer)
      .set('idempotency-key', randomUUID())
      .send({ variantId: drop.variantIds[0], quantity: 1 })
      .expect(404);
    expect(missing.body.error.code).toBe('DROP_NOT_FOUND');
    await http()
      .post(`/drops/${drop.id}/holds`)
      .set('idempotency-key', randomUUID())
      .send({ variantId: drop.variantIds[0], quantity: 1 })
      .expect(401);
    expect(await ledger()).toEqual(before);
  });

  it('the per-fan limit spans variants; sold out is SOLD_OUT and costs no SQL', async () => {
    // fan holds 1 of variant 0 already; limit 2
    await hold(fan, { variantId: drop.variantIds[1], quantity: 1 }).expect(201);
    const over = await hold(fan, { variantId: drop.variantIds[1], quantity: 1 }).expect(422);
    expect(over.body.error.code).toBe('LIMIT_REACHED');

    const buyers = await Promise.all([1, 2].map(() => createAccount(ctx.app, ctx.db)));
    await hold(buyers[0], { variantId: drop.variantIds[0], quantity: 2 }).expect(201);
    // Let the live feed's settle pass (250 ms after a hold) and the drop-terms memo (1 s) run
    // out, then warm what a fan's request fills (their session, the drop's terms) with one
    // decline, and watch every connection the API takes from its Postgres pool meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await hold(buyers[1], { variantId: drop.variantIds[0], quantity: 1 }).expect(409);
    const pool = (
      ctx.app.get(DataSource).driver as unknown as { master: { connect: () => unknown } }
    ).master;
    const connects = jest.spyOn(pool, 'connect');
    try {
      for (let i = 0; i < 20; i++) {
        const soldOut = await hold(buyers[1], {
          variantId: drop.variantIds[0],
          quantity: 1,
        }).expect(409);
        expect(soldOut.body.error.code).toBe('SOLD_OUT');
      }
      // The twenty declines take well under the second the drop's terms stay cached.
      expect(connects).not.toHaveBeenCalled();
    } finally {
      connects.mockRestore();
    }
    expect(await line(drop.variantIds[0])).toEqual({ held: 3, sold: 0, quantity_allocated: 3 });
  });

  it('a released hold returns its unit at once, and cannot be released twice', async () => {
    const buyer = await createAccount(ctx.app, ctx.db);
    const other = await createAccount(ctx.app, ctx.db);
    const held = await hold(buyer, { variantId: drop.variantIds[1], quantity: 2 }).expect(201);
    const before = await line(drop.variantIds[1]);
    const released = await http()
      .delete(`/drops/${drop.id}/holds/${held.body.holdId}`)
      .set('authorization', buyer.bearer)
      .expect(200);
    expect(released.body.status).toBe('released');
    expect((await line(drop.variantIds[1])).held).toBe(before.held - 2);
    const twice = await http()
      .delete(`/drops/${drop.id}/holds/${held.body.holdId}`)
      .set('authorization', buyer.bearer)
      .expect(409);
    expect(twice.body.error.code).toBe('HOLD_NOT_ACTIVE');
    // Someone else's hold is not found, not forbidden: ids reveal nothing.
    await http()
      .delete(`/drops/${drop.id}/holds/${held.body.holdId}`)
      .set('authorization', other.bearer)
      .expect(404);
    // The units and the limit are back: the buyer can hold two again.
    await hold(buyer, { variantId: drop.variantIds[1], quantity: 2 }).expect(201);
    const kinds = (await ledger()).map((m) => m.kind);
    expect(kinds.filter((k) => k === 'release')).toHaveLength(1);
  });

  it('a drop that is not live declines with DROP_NOT_LIVE', async () => {
    await ctx.db.query(`UPDATE drops SET state = 'closed' WHERE id = $1`, [drop.id]);
    // The hold path caches a drop's terms for up to a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const res = await hold(fan, { variantId: drop.variantIds[1], quantity: 1 }).expect(409);
    expect(res.body.error.code).toBe('DROP_NOT_LIVE');
  });
});
