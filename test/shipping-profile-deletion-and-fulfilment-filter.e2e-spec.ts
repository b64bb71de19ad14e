import './support/env/payments-offline';
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { addMember, createCollective } from './support/collectives';
import { createDrop, createItem, inSeconds, record } from './support/drops';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import {
  holdAndCheckout,
  orderReaches,
  type PaymentsHarness,
  startPaymentsHarness,
} from './support/payments';
import { addressIn, EUROPE_AND_US, shipDropWith } from './support/shipping';
import { connectTestDatabase, createTestDatabase, startApi, startWorker } from './support/test-app';

// What the console needs of the shipping API beyond checkout: deleting a profile (refused while
// an open drop ships with it), reading which profile a drop ships with, and listing orders by
// fulfilment state.
describe('the console’s shipping API: deleting profiles, a drop’s profile, orders by fulfilment state', () => {
  let api: NestFastifyApplication;
  let worker: NestFastifyApplication;
  let db: Client;
  let payments: PaymentsHarness;
  let drop: LiveDrop;
  const orderIds: string[] = [];
  let owner: TestAccount;
  let staff: TestAccount;
  let outsider: TestAccount;
  let collective: string;
  let variantId: string;
  const tag = randomUUID().slice(0, 8);

  beforeAll(async () => {
    await createTestDatabase();
    db = await connectTestDatabase();
    api = await startApi();
    worker = await startWorker();
    payments = await startPaymentsHarness(api);
    const admin = await createAccount(api, db, { role: 'admin' });
    owner = await createAccount(api, db);
    staff = await createAccount(api, db);
    outsider = await createAccount(api, db);
    collective = (await createCollective(api, admin, owner, `ships-${tag}`)).slug;
    await addMember(api, owner, collective, staff, 'staff');
    await createCollective(api, admin, outsider, `elsewhere-${tag}`);
    variantId = (await createItem(api, owner, collective, record(tag))).variants[0].id;
    // Three paid orders of a live drop, for the fulfilment filter.
    drop = await openLiveDrop(api, db, { units: [10], perCustomerLimit: 1 });
    await shipDropWith(api, drop.owner, drop.collective, drop.id);
    for (const country of ['PT', 'DE', 'FR']) {
      const fan = await createAccount(api, db);
      const order = await holdAndCheckout(api, fan, drop.id, drop.variantIds[0], 1);
      await payments.stripe.deliver(payments.stripe.pay(order.sessionId, addressIn(country))[0]);
      await orderReaches(db, order.orderId, 'paid', 30_000);
      orderIds.push(order.orderId);
    }
  }, 120_000);
  afterAll(async () => {
    await payments?.stop();
    await worker?.close();
    await api?.close();
    await db?.end();
  });

  const http = () => request(api.getHttpServer());
  const draftDrop = async (name: string) =>
    (
      await createDrop(api, owner, collective, {
        name,
        slug: `${name}-${tag}`,
        startsAt: inSeconds(3600),
        lines: [{ variantId, quantity: 2 }],
      })
    ).id;
  const profileRow = async (id: string) =>
    (await db.query(`SELECT id, name FROM shipping_profiles WHERE id = $1`, [id])).rows;
  const deletions = async (id: string) =>
    (
      await db.query<{ before: { name: string; finishedDropIds: string[] } }>(
        `SELECT before FROM audit_events
          WHERE action = 'shipping_profile.delete' AND target_id = $1`,
        [id],
      )
    ).rows;

  it('answers which profile a drop ships with: null before one is chosen, then the profile', async () => {
    const dropId = await draftDrop('reads');
    const before = await http()
      .get(`/collectives/${collective}/drops/${dropId}/shipping`)
      .set('authorization', staff.bearer)
      .expect(200);
    expect(before.body).toEqual({ dropId, profile: null });

    const profileId = await shipDropWith(api, owner, collective, dropId, {
      ...EUROPE_AND_US,
      name: `Reads ${tag}`,
    });
    const after = await http()
      .get(`/collectives/${collective}/drops/${dropId}/shipping`)
      .set('authorization', staff.bearer)
      .expect(200);
    expect(after.body.dropId).toBe(dropId);
    expect(after.body.profile).toMatchObject({
      id: profileId,
      name: `Reads ${tag}`,
      currency: 'EUR',
      zones: [
        { name: 'Europe', countries: ['DE', 'FR', 'PT'] },
        { name: 'United States', countries: ['US'] },
      ],
    });

    await http()
      .get(`/collectives/${collective}/drops/${randomUUID()}/shipping`)
      .set('authorization', staff.bearer)
      .expect(404)
      .expect((res) => expect(res.body.error.code).toBe('DROP_NOT_FOUND'));
    await http()
      .get(`/collectives/${collective}/drops/${dropId}/shipping`)
      .set('authorization', outsider.bearer)
      .expect(403);
  });

  it('refuses to delete a profile an open drop ships with (409 naming the drops), nothing changes', async () => {
    const draft = await draftDrop('open-draft');
    const profileId = await shipDropWith(api, owner, collective, draft, {
      ...EUROPE_AND_US,
      name: `In use ${tag}`,
    });
    const refused = await http()
      .delete(`/collectives/${collective}/shipping-profiles/${profileId}`)
      .set('authorization', staff.bearer)
      .expect(409);
    expect(refused.body.error.code).toBe('SHIPPING_PROFILE_IN_USE');
    expect(refused.body.error.details[0].dropIds).toEqual([draft]);
    expect(await profileRow(profileId)).toHaveLength(1);
    const { rows: links } = await db.query(
      `SELECT drop_id FROM drop_shipping_profiles WHERE profile_id = $1`,
      [profileId],
    );
    expect(links).toEqual([{ drop_id: draft }]);
    expect(await deletions(profileId)).toEqual([]);
  });

  it('deletes a profile only cancelled drops used: their link goes, the deletion is audited', async () => {
    const draft = await draftDrop('to-cancel');
    const profileId = await shipDropWith(api, owner, collective, draft, {
      ...EUROPE_AND_US,
      name: `Cancelled ${tag}`,
    });
    await http()
      .post(`/collectives/${collective}/drops/${draft}/cancel`)
      .set('authorization', owner.bearer)
      .expect(200);

    await http()
      .delete(`/collectives/${collective}/shipping-profiles/${profileId}`)
      .set('authorization', staff.bearer)
      .expect(204);
    expect(await profileRow(profileId)).toEqual([]);
    const { rows: links } = await db.query(
      `SELECT drop_id FROM drop_shipping_profiles WHERE drop_id = $1`,
      [draft],
    );
    expect(links).toEqual([]);
    const audited = await deletions(profileId);
    expect(audited).toHaveLength(1);
    expect(audited[0].before).toMatchObject({
      name: `Cancelled ${tag}`,
      finishedDropIds: [draft],
    });
    const dropShipping = await http()
      .get(`/collectives/${collective}/drops/${draft}/shipping`)
      .set('authorization', staff.bearer)
      .expect(200);
    expect(dropShipping.body.profile).toBeNull();

    // Deleting it again: it is gone.
    await http()
      .delete(`/collectives/${collective}/shipping-profiles/${profileId}`)
      .set('authorization', staff.bearer)
      .expect(404)
      .expect((res) => expect(res.body.error.code).toBe('SHIPPING_PROFILE_NOT_FOUND'));
  });

  it('deletes an unused profile; another collective cannot, and its ids are not found here', async () => {
    const created = await http()
      .post(`/collectives/${collective}/shipping-profiles`)
      .set('authorization', staff.bearer)
      .send({ ...EUROPE_AND_US, name: `Unused ${tag}` })
      .expect(201);
    const profileId = created.body.id as string;
    await http()
      .delete(`/collectives/${collective}/shipping-profiles/${profileId}`)
      .set('authorization', outsider.bearer)
      .expect(403);
    await http()
      .delete(`/collectives/elsewhere-${tag}/shipping-profiles/${profileId}`)
      .set('authorization', outsider.bearer)
      .expect(404);
    expect(await profileRow(profileId)).toHaveLength(1);

    await http()
      .delete(`/collectives/${collective}/shipping-profiles/${profileId}`)
      .set('authorization', staff.bearer)
      .expect(204);
    expect(await profileRow(profileId)).toEqual([]);
    expect(await deletions(profileId)).toHaveLength(1);
    await http()
      .delete(`/collectives/${collective}/shipping-profiles/not-a-uuid`)
      .set('authorization', staff.bearer)
      .expect(400);
  });

  const list = (query: string) =>
    request(api.getHttpServer())
      .get(`/collectives/${drop.collective}/orders?dropId=${drop.id}&${query}`)
      .set('authorization', drop.owner.bearer);

  it('lists orders by fulfilment state: unfulfilled, packed and shipped orders apart; an unknown state is a 400', async () => {
    await request(api.getHttpServer())
      .post(`/collectives/${drop.collective}/orders/fulfilment`)
      .set('authorization', drop.owner.bearer)
      .send({ status: 'packed', orders: [{ orderId: orderIds[0] }, { orderId: orderIds[1] }] })
      .expect(200);
    await request(api.getHttpServer())
      .post(`/collectives/${drop.collective}/orders/${orderIds[1]}/fulfilment`)
      .set('authorization', drop.owner.bearer)
      .send({ status: 'shipped', trackingNumber: 'RR1PT' })
      .expect(200);

    const ids = (body: { orders: Array<{ id: string }> }) => body.orders.map((o) => o.id).sort();
    const unfulfilled = await list('fulfilmentStatus=unfulfilled').expect(200);
    expect(unfulfilled.body.total).toBe(1);
    expect(ids(unfulfilled.body)).toEqual([orderIds[2]]);
    const packed = await list('fulfilmentStatus=packed&status=paid').expect(200);
    expect(ids(packed.body)).toEqual([orderIds[0]]);
    const shipped = await list('fulfilmentStatus=shipped').expect(200);
    expect(ids(shipped.body)).toEqual([orderIds[1]]);
    expect(shipped.body.orders[0].fulfilment).toMatchObject({
      status: 'shipped',
      trackingNumber: 'RR1PT',
    });
    const all = await list('').expect(200);
    expect(all.body.total).toBe(3);
    const bad = await list('fulfilmentStatus=lost').expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});
