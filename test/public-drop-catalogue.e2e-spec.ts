import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { createCollective } from './support/collectives';
import {
  createDrop,
  createItem,
  hoodie,
  inSeconds,
  record,
  scheduleDrop,
  type TestItem,
} from './support/drops';
import { useApiOnTestDatabase } from './support/test-app';

describe('the public catalogue lists upcoming and live drops only, filtered and paginated', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());
  let ownerA: TestAccount;
  let ownerB: TestAccount;
  let garmentA: TestItem;
  let vinylA: TestItem;
  let vinylB: TestItem;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    ownerA = await createAccount(ctx.app, ctx.db);
    ownerB = await createAccount(ctx.app, ctx.db);
    await createCollective(ctx.app, admin, ownerA, 'night-shift', 'Night Shift');
    await createCollective(ctx.app, admin, ownerB, 'day-shift', 'Day Shift');
    garmentA = await createItem(ctx.app, ownerA, 'night-shift', hoodie('A'));
    vinylA = await createItem(ctx.app, ownerA, 'night-shift', record('A'));
    vinylB = await createItem(ctx.app, ownerB, 'day-shift', record('B'));

    const make = async (
      owner: TestAccount,
      collective: string,
      name: string,
      startsIn: number,
      variantId: string,
      schedule: boolean,
    ) => {
      const drop = await createDrop(ctx.app, owner, collective, {
        name,
        slug: name,
        startsAt: inSeconds(startsIn),
        lines: [{ variantId, quantity: 2 }],
      });
      if (schedule) await scheduleDrop(ctx.app, owner, collective, drop.id);
      ids[name] = drop.id;
    };
    await make(ownerA, 'night-shift', 'hoodies', 3000, garmentA.variants[0].id, true);
    await make(ownerA, 'night-shift', 'records', 1000, vinylA.variants[0].id, true);
    await make(ownerB, 'day-shift', 'their-records', 2000, vinylB.variants[0].id, true);
    await make(ownerA, 'night-shift', 'secret-draft', 500, garmentA.variants[1].id, false);
    await make(ownerA, 'night-shift', 'called-off', 600, garmentA.variants[2].id, true);
    await http()
      .post(`/collectives/night-shift/drops/${ids['called-off']}/cancel`)
      .set('authorization', ownerA.bearer)
      .expect(200);
  });

  const names = (res: request.Response) => res.body.drops.map((d: { slug: string }) => d.slug);

  it('anyone sees scheduled drops, soonest first, never drafts or cancelled ones', async () => {
    const res = await http().get('/drops').expect(200);
    expect(names(res)).toEqual(['records', 'their-records', 'hoodies']);
    expect(res.body).toMatchObject({ page: 1, pageSize: 20, total: 3 });
    expect(res.body.drops[0]).toMatchObject({
      collective: { slug: 'night-shift', name: 'Night Shift' },
      state: 'scheduled',
      kinds: ['vinyl'],
      unitsOnSale: 2,
      remaining: 2,
    });
    await http().get(`/drops/${ids['secret-draft']}`).expect(404);
    // A drop cancelled after it was announced stays off the list; its page says it was cancelled.
    expect((await http().get(`/drops/${ids['called-off']}`).expect(200)).body.state).toBe(
      'cancelled',
    );
    await http().get('/drops/not-a-uuid').expect(400);
  });

  it('filters by collective and by kind, and pages', async () => {
    expect(names(await http().get('/drops?kind=vinyl').expect(200))).toEqual([
      'records',
      'their-records',
    ]);
    expect(names(await http().get('/drops?kind=garment').expect(200))).toEqual(['hoodies']);
    expect(names(await http().get('/drops?collective=day-shift').expect(200))).toEqual([
      'their-records',
    ]);
    expect(
      names(await http().get('/drops?collective=night-shift&kind=garment').expect(200)),
    ).toEqual(['hoodies']);
    const second = await http().get('/drops?page=2&pageSize=2').expect(200);
    expect(names(second)).toEqual(['hoodies']);
    expect(second.body).toMatchObject({ page: 2, pageSize: 2, total: 3 });
    const bad = await http().get('/drops?kind=print&pageSize=500').expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('the collective sees its own drops in every state, drafts and allocations included', async () => {
    const all = await http()
      .get('/collectives/night-shift/drops')
      .set('authorization', ownerA.bearer)
      .expect(200);
    expect(names(all)).toEqual(['secret-draft', 'called-off', 'records', 'hoodies']);
    const drafts = await http()
      .get('/collectives/night-shift/drops?state=draft')
      .set('authorization', ownerA.bearer)
      .expect(200);
    expect(names(drafts)).toEqual(['secret-draft']);
    expect(drafts.body.drops[0].lines[0]).toMatchObject({
      allocated: 2,
      held: 0,
      sold: 0,
      remaining: 2,
      priceFrozen: false,
      editionSize: 50,
      editionAllocated: 2,
    });
  });
});
