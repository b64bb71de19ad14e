import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { addMember, createCollective } from './support/collectives';
import {
  catalogSnapshot,
  createDrop,
  createItem,
  hoodie,
  inSeconds,
  record,
} from './support/drops';
import { useApiOnTestDatabase } from './support/test-app';

describe('items of every kind share one path; attributes are validated per kind', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());
  let ownerA: TestAccount;
  let staffA: TestAccount;
  let ownerB: TestAccount;

  beforeAll(async () => {
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    [ownerA, staffA, ownerB] = await Promise.all(
      Array.from({ length: 3 }, () => createAccount(ctx.app, ctx.db)),
    );
    await createCollective(ctx.app, admin, ownerA, 'night-shift');
    await createCollective(ctx.app, admin, ownerB, 'day-shift');
    await addMember(ctx.app, ownerA, 'night-shift', staffA);
  });

  /** Sends a request that must be refused, and checks that nothing at all was written. */
  const refused = async (req: () => request.Test, status: number, code: string) => {
    const before = await catalogSnapshot(ctx.db);
    const res = await req();
    expect([res.status, res.body.error?.code]).toEqual([status, code]);
    expect(await catalogSnapshot(ctx.db)).toEqual(before);
    return res.body.error as { details?: Array<{ field?: string }> };
  };
  const fields = (error: { details?: Array<{ field?: string }> }) =>
    [...new Set(error.details?.map((d) => d.field))].sort();

  it('staff create a garment and a vinyl record through the same route, variants included', async () => {
    const garment = await createItem(ctx.app, staffA, 'night-shift', hoodie('NS'));
    const vinyl = await createItem(ctx.app, staffA, 'night-shift', record('NS'));
    expect(garment).toMatchObject({
      kind: 'garment',
      attributes: { colour: 'washed black', material: '100% organic cotton, 450 gsm' },
    });
    expect(garment.variants.map((v) => v.sku)).toEqual(['NS-HOOD-S', 'NS-HOOD-M', 'NS-HOOD-L']);
    expect(vinyl).toMatchObject({ kind: 'vinyl', attributes: { format: 'LP', rpm: 33 } });
    expect(vinyl.variants[1]).toMatchObject({
      sku: 'NS-LP-RED',
      priceMinor: 3200,
      currency: 'EUR',
      editionSize: 150,
      numbered: true,
      allocated: 0,
      unallocated: 150,
    });

    const list = await http()
      .get('/collectives/night-shift/items?kind=vinyl')
      .set('authorization', staffA.bearer)
      .expect(200);
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(list.body.items[0].id).toBe(vinyl.id);
    const audit = await ctx.db.query(
      `SELECT actor_user_id FROM audit_events WHERE action = 'item.create' AND target_id = $1`,
      [vinyl.id],
    );
    expect(audit.rows).toEqual([{ actor_user_id: staffA.id }]);
  });

  it('attributes that do not fit the kind → 400 INVALID_ATTRIBUTES naming the attribute', async () => {
    const post = (body: Record<string, unknown>) => () =>
      http().post('/collectives/night-shift/items').set('authorization', ownerA.bearer).send(body);
    const lp = record('BAD') as { attributes: Record<string, unknown>; variants: unknown[] };
    const hood = hoodie('BAD') as { attributes: Record<string, unknown>; variants: unknown[] };

    const rpm = await refused(
      post({ ...lp, attributes: { format: 'LP', rpm: 44 } }),
      400,
      'INVALID_ATTRIBUTES',
    );
    expect(fields(rpm)).toEqual(['attributes.rpm']);

    const vinylOnGarment = await refused(
      post({ ...hood, attributes: { ...hood.attributes, rpm: 33 } }),
      400,
      'INVALID_ATTRIBUTES',
    );
    expect(fields(vinylOnGarment)).toEqual(['attributes.rpm']);

    const missing = await refused(post({ ...hood, attributes: {} }), 400, 'INVALID_ATTRIBUTES');
    expect(fields(missing)).toEqual(['attributes.colour', 'attributes.material']);

    const size = await refused(
      post({
        ...hood,
        variants: [{ ...(hood.variants[0] as object), attributes: { size: 'XXXXL' } }],
      }),
      400,
      'INVALID_ATTRIBUTES',
    );
    expect(fields(size)).toEqual(['variants.0.attributes.size']);

    const weight = await refused(
      post({
        ...lp,
        variants: [
          lp.variants[0],
          { ...(lp.variants[1] as object), attributes: { colourway: 'red', weightGrams: 'heavy' } },
        ],
      }),
      400,
      'INVALID_ATTRIBUTES',
    );
    expect(fields(weight)).toEqual([
      'variants.1.attributes.pressing',
      'variants.1.attributes.weightGrams',
    ]);

    const kind = await refused(post({ ...lp, kind: 'print' }), 400, 'VALIDATION_FAILED');
    expect(fields(kind)).toEqual(['kind']);
  });

  it('the same checks guard later edits of items and variants, and an item never changes kind', async () => {
    const lp = await createItem(ctx.app, ownerA, 'night-shift', record('EDIT'));
    const item = `/collectives/night-shift/items/${lp.id}`;
    const variant = `${item}/variants/${lp.variants[0].id}`;
    const as = (req: request.Test) => req.set('authorization', ownerA.bearer);

    expect(
      fields(
        await refused(
          () => as(http().patch(item)).send({ attributes: { format: '9"', rpm: 33 } }),
          400,
          'INVALID_ATTRIBUTES',
        ),
      ),
    ).toEqual(['attributes.format']);
    expect(
      fields(
        await refused(
          () => as(http().patch(item)).send({ kind: 'garment' }),
          400,
          'VALIDATION_FAILED',
        ),
      ),
    ).toEqual(['kind']);
    expect(
      fields(
        await refused(
          () =>
            as(http().post(`${item}/variants`)).send({
              sku: 'EDIT-X',
              label: 'X',
              attributes: { size: 'M' },
              priceMinor: 100,
              currency: 'EUR',
              editionSize: 5,
            }),
          400,
          'INVALID_ATTRIBUTES',
        ),
      ),
    ).toEqual([
      'attributes.colourway',
      'attributes.pressing',
      'attributes.size',
      'attributes.weightGrams',
    ]);
    expect(
      fields(
        await refused(
          () => as(http().patch(variant)).send({ priceMinor: null, currency: 'eur' }),
          400,
          'VALIDATION_FAILED',
        ),
      ),
    ).toEqual(['currency']);
    expect(
      fields(
        await refused(
          () => as(http().patch(variant)).send({ priceMinor: null }),
          400,
          'VALIDATION_FAILED',
        ),
      ),
    ).toEqual(['priceMinor']);

    const renamed = await as(http().patch(item)).send({ title: 'Afterhours (deluxe)' }).expect(200);
    expect(renamed.body).toMatchObject({ kind: 'vinyl', title: 'Afterhours (deluxe)' });
    const repriced = await as(http().patch(variant)).send({ priceMinor: 3000 }).expect(200);
    expect(repriced.body).toMatchObject({ priceMinor: 3000, sku: 'EDIT-LP-BLK' });
  });

  it('a SKU is unique within a collective, not across collectives', async () => {
    await createItem(ctx.app, ownerA, 'night-shift', hoodie('SKU'));
    const taken = await refused(
      () =>
        http()
          .post('/collectives/night-shift/items')
          .set('authorization', ownerA.bearer)
          .send(hoodie('SKU')),
      409,
      'SKU_TAKEN',
    );
    expect(fields(taken)).toEqual(['variants.0.sku']);
    const elsewhere = await createItem(ctx.app, ownerB, 'day-shift', hoodie('SKU'));
    expect(elsewhere.variants).toHaveLength(3);
  });

  it("another collective's variant in a drop line → 404 VARIANT_NOT_FOUND, and nothing is written", async () => {
    const theirs = await createItem(ctx.app, ownerB, 'day-shift', record('THEIRS'));
    const ours = await createItem(ctx.app, ownerA, 'night-shift', record('OURS'));
    const error = await refused(
      () =>
        http()
          .post('/collectives/night-shift/drops')
          .set('authorization', ownerA.bearer)
          .send({
            name: 'Mixed',
            slug: 'mixed',
            startsAt: inSeconds(3600),
            lines: [
              { variantId: ours.variants[0].id, quantity: 1 },
              { variantId: theirs.variants[0].id, quantity: 1 },
            ],
          }),
      404,
      'VARIANT_NOT_FOUND',
    );
    expect(fields(error)).toEqual(['lines.1.variantId']);

    const draft = await createDrop(ctx.app, ownerA, 'night-shift', {
      name: 'Ours',
      slug: 'ours',
      startsAt: inSeconds(3600),
    });
    await refused(
      () =>
        http()
          .put(`/collectives/night-shift/drops/${draft.id}/lines/${theirs.variants[1].id}`)
          .set('authorization', ownerA.bearer)
          .send({ quantity: 1 }),
      404,
      'VARIANT_NOT_FOUND',
    );
    // Nor can a member of one collective reach the other's items, by either slug.
    await refused(
      () =>
        http()
          .get(`/collectives/night-shift/items/${theirs.id}`)
          .set('authorization', ownerA.bearer),
      404,
      'ITEM_NOT_FOUND',
    );
    await refused(
      () =>
        http().get(`/collectives/day-shift/items/${theirs.id}`).set('authorization', ownerA.bearer),
      403,
      'NOT_A_MEMBER',
    );
    await refused(
      () =>
        http()
          .patch(`/collectives/day-shift/items/${theirs.id}/variants/${theirs.variants[0].id}`)
          .set('authorization', staffA.bearer)
          .send({ editionSize: 1 }),
      403,
      'NOT_A_MEMBER',
    );
  });
});
