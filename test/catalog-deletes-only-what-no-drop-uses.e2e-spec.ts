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

describe('deleting items and variants: only what no drop uses, else 409 with the drops named', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());
  let owner: TestAccount;
  let staff: TestAccount;
  let outsider: TestAccount;

  beforeAll(async () => {
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    [owner, staff, outsider] = await Promise.all(
      Array.from({ length: 3 }, () => createAccount(ctx.app, ctx.db)),
    );
    await createCollective(ctx.app, admin, owner, 'night-shift');
    await createCollective(ctx.app, admin, outsider, 'day-shift');
    await addMember(ctx.app, owner, 'night-shift', staff);
  });

  it('staff delete an unused item with its variants; the audit log keeps what it was', async () => {
    const item = await createItem(ctx.app, staff, 'night-shift', hoodie('GONE'));
    await http()
      .delete(`/collectives/night-shift/items/${item.id}`)
      .set('authorization', outsider.bearer)
      .expect(403);
    await http()
      .delete(`/collectives/night-shift/items/${item.id.toUpperCase()}`)
      .set('authorization', staff.bearer)
      .expect(204);
    await http()
      .get(`/collectives/night-shift/items/${item.id}`)
      .set('authorization', staff.bearer)
      .expect(404);
    const variants = await ctx.db.query(`SELECT count(*) FROM variants WHERE item_id = $1`, [
      item.id,
    ]);
    expect(Number(variants.rows[0].count)).toBe(0);
    const audit = await ctx.db.query(
      `SELECT actor_user_id, before FROM audit_events WHERE action = 'item.delete' AND target_id = $1`,
      [item.id],
    );
    expect(audit.rows).toEqual([
      {
        actor_user_id: staff.id,
        before: expect.objectContaining({ kind: 'garment', title: 'Night Shift hoodie' }),
      },
    ]);
    await http()
      .delete(`/collectives/night-shift/items/${item.id}`)
      .set('authorization', staff.bearer)
      .expect(404);
  });

  it('an item or variant in a drop (even a draft one) is refused with 409, writing nothing', async () => {
    const vinyl = await createItem(ctx.app, owner, 'night-shift', record('KEEP'));
    const [unused, inDrop] = vinyl.variants;
    const drop = await createDrop(ctx.app, owner, 'night-shift', {
      name: 'Afterhours',
      slug: 'afterhours',
      startsAt: inSeconds(3600),
      lines: [{ variantId: inDrop.id, quantity: 5 }],
    });
    const before = await catalogSnapshot(ctx.db);
    const item = await http()
      .delete(`/collectives/night-shift/items/${vinyl.id}`)
      .set('authorization', owner.bearer)
      .expect(409);
    expect(item.body.error).toMatchObject({
      code: 'ITEM_IN_DROP',
      details: [expect.objectContaining({ dropIds: [drop.id] })],
    });
    const variant = await http()
      .delete(`/collectives/night-shift/items/${vinyl.id}/variants/${inDrop.id}`)
      .set('authorization', owner.bearer)
      .expect(409);
    expect(variant.body.error).toMatchObject({
      code: 'VARIANT_IN_DROP',
      details: [expect.objectContaining({ dropIds: [drop.id] })],
    });
    expect(await catalogSnapshot(ctx.db)).toEqual(before);

    // The variant no drop uses can go; the item stays with the one that is in the drop.
    await http()
      .delete(`/collectives/night-shift/items/${vinyl.id}/variants/${unused.id}`)
      .set('authorization', owner.bearer)
      .expect(204);
    const left = await http()
      .get(`/collectives/night-shift/items/${vinyl.id}`)
      .set('authorization', owner.bearer)
      .expect(200);
    expect(left.body.variants.map((v: { id: string }) => v.id)).toEqual([inDrop.id]);
  });

  it('a variant of another item, or of another collective, is not found', async () => {
    const a = await createItem(ctx.app, owner, 'night-shift', hoodie('A'));
    const b = await createItem(ctx.app, outsider, 'day-shift', hoodie('B'));
    await http()
      .delete(`/collectives/night-shift/items/${a.id}/variants/${b.variants[0].id}`)
      .set('authorization', owner.bearer)
      .expect(404);
    await http()
      .delete(`/collectives/day-shift/items/${b.id}`)
      .set('authorization', owner.bearer)
      .expect(403);
  });
});
