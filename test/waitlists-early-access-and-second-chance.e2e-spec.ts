import './support/env/waitlist-fast-sweep';
import { randomUUID } from 'node:crypto';
import { EarlyAccessPolicy } from '@limited-run/admission';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { createCollective } from './support/collectives';
import { createCrowd, type CrowdFan } from './support/crowd';
import {
  createDrop,
  createItem,
  dropState,
  hoodie,
  inSeconds,
  scheduleDrop,
} from './support/drops';
import { eventually, useApiOnTestDatabase } from './support/test-app';

describe('waitlists: positions, early access for waitlist_first, opening notices, second chance', () => {
  const ctx = useApiOnTestDatabase({ worker: true });
  let owner: TestAccount;
  let fans: CrowdFan[];
  let policy: EarlyAccessPolicy;
  let variants: string[];
  const slug = 'night-shift';
  const http = () => request(ctx.app.getHttpServer());

  beforeAll(async () => {
    policy = ctx.app.get(EarlyAccessPolicy);
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    owner = await createAccount(ctx.app, ctx.db);
    await createCollective(ctx.app, admin, owner, slug, 'Night Shift');
    fans = await createCrowd(ctx.app, ctx.db, 12);
    variants = (await createItem(ctx.app, owner, slug, hoodie('WL'))).variants.map((v) => v.id);
  }, 60_000);

  const join = (fan: CrowdFan, dropId: string, body: object = {}) =>
    http().post(`/drops/${dropId}/waitlist`).set('authorization', fan.bearer).send(body);
  const me = (fan: CrowdFan, dropId: string) =>
    http().get(`/drops/${dropId}/waitlist/me`).set('authorization', fan.bearer);
  const notices = async (dropId: string) =>
    (
      await ctx.db.query<{ recipient_user_id: string; template: string; early: string }>(
        `SELECT recipient_user_id, template, payload->>'earlyAccess' AS early FROM notifications
          WHERE payload->>'dropId' = $1 ORDER BY created_at`,
        [dropId],
      )
    ).rows;

  it('waitlist_first: early access only for fans who joined before it, each told once', async () => {
    const draft = await createDrop(ctx.app, owner, slug, {
      name: 'Members first',
      slug: 'members-first',
      releaseMode: 'waitlist_first',
      earlyAccessStartsAt: inSeconds(6),
      startsAt: inSeconds(120),
      lines: [{ variantId: variants[1], quantity: 5 }],
    });
    const dropId = draft.id;
    const [a, b, c, d, e] = fans;
    // Not before it is public.
    await join(a, dropId).expect(404);
    await scheduleDrop(ctx.app, owner, slug, dropId);

    expect((await join(a, dropId).expect(201)).body).toMatchObject({
      status: 'waiting',
      position: 1,
      waiting: 1,
      variantId: null,
      earlyAccess: true,
    });
    // Racing joins by one fan: one row, one place; repeating a join keeps the place.
    const raced = await Promise.all(Array.from({ length: 5 }, () => join(b, dropId)));
    expect(raced.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const rows = await ctx.db.query(
      'SELECT count(*)::int AS n FROM waitlist_entries WHERE drop_id = $1 AND user_id = $2',
      [dropId, b.id],
    );
    expect(rows.rows[0].n).toBe(1);
    await join(e, dropId).expect(201);
    expect((await me(b, dropId).expect(200)).body).toMatchObject({ position: 2, waiting: 3 });

    // A bad variant is refused and writes nothing; naming a line keeps the place.
    const before = await ctx.db.query(
      'SELECT count(*)::int AS n, max(updated_at) AS t FROM waitlist_entries',
    );
    const bad = await join(d, dropId, { variantId: variants[0] }).expect(404);
    expect(bad.body.error.code).toBe('VARIANT_NOT_IN_DROP');
    await join(d, dropId, { variantId: 'nope' }).expect(400);
    expect(
      (await ctx.db.query('SELECT count(*)::int AS n, max(updated_at) AS t FROM waitlist_entries'))
        .rows,
    ).toEqual(before.rows);
    expect((await join(a, dropId, { variantId: variants[1] }).expect(201)).body).toMatchObject({
      position: 1,
      variantId: variants[1],
    });

    // Leaving and coming back goes to the back of the line.
    await http().delete(`/drops/${dropId}/waitlist`).set('authorization', e.bearer).expect(204);
    await me(e, dropId).expect(404);
    await http().delete(`/drops/${dropId}/waitlist`).set('authorization', e.bearer).expect(404);
    await http().delete(`/drops/${dropId}/waitlist`).set('authorization', b.bearer).expect(204);
    expect((await join(b, dropId).expect(201)).body).toMatchObject({ position: 2, waiting: 2 });
    expect((await me(a, dropId).expect(200)).body.position).toBe(1);

    // Before early access nobody holds; once it begins, only fans who joined before it.
    expect(await policy.mayHold(null, dropId, a.id)).toBe(false);
    await eventually(
      async () => ((await policy.check(null, dropId, a.id)).allowed ? true : undefined),
      15_000,
    );
    expect(await policy.check(null, dropId, a.id)).toEqual({ allowed: true, earlyAccess: true });
    expect(await policy.mayHold(null, dropId, b.id)).toBe(true);
    expect(await policy.mayHold(null, dropId, d.id)).toBe(false);
    await join(c, dropId).expect(201);
    expect((await me(c, dropId).expect(200)).body.earlyAccess).toBe(false);
    expect(await policy.mayHold(null, dropId, c.id)).toBe(false);
    await expect(policy.assertMayHold(null, dropId, c.id)).rejects.toMatchObject({
      code: 'HOLD_NOT_OPEN_TO_YOU',
    });

    // The fans with early access are told, once each; the late joiner waits for the public sale.
    await eventually(async () => ((await notices(dropId)).length === 2 ? true : undefined), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const told = await notices(dropId);
    expect(told.map((n) => n.recipient_user_id).sort()).toEqual([a.id, b.id].sort());
    expect(told.every((n) => n.template === 'waitlist-open' && n.early === 'true')).toBe(true);
  }, 60_000);

  it('first_come: told at the opening; after a sellout, units that come back go to the waitlist in order', async () => {
    const [, , , , , early, w1, w2, h1, h2, publicFan] = fans;
    const draft = await createDrop(ctx.app, owner, slug, {
      name: 'Two left',
      slug: 'two-left',
      startsAt: inSeconds(3),
      perCustomerLimit: 1,
      lines: [{ variantId: variants[2], quantity: 2 }],
    });
    const dropId = draft.id;
    await scheduleDrop(ctx.app, owner, slug, dropId);
    await join(early, dropId).expect(201);
    await eventually(
      async () => ((await dropState(ctx.db, dropId)) === 'live' ? true : undefined),
      15_000,
    );
    await eventually(async () => ((await notices(dropId)).length === 1 ? true : undefined), 10_000);
    expect((await notices(dropId))[0]).toMatchObject({
      recipient_user_id: early.id,
      template: 'waitlist-open',
      early: 'false',
    });
    await http().delete(`/drops/${dropId}/waitlist`).set('authorization', early.bearer).expect(204);

    // Two fans wait; two others buy the last units.
    await join(w1, dropId).expect(201);
    await join(w2, dropId, { variantId: variants[2] }).expect(201);
    const holdIds: string[] = [];
    for (const buyer of [h1, h2]) {
      const res = await http()
        .post(`/drops/${dropId}/holds`)
        .set('authorization', buyer.bearer)
        .set('idempotency-key', randomUUID())
        .send({ variantId: variants[2], quantity: 1 })
        .expect(201);
      holdIds.push(res.body.holdId as string);
    }
    await eventually(async () => {
      const marked = await ctx.db.query(
        'SELECT 1 FROM waitlist_second_chances WHERE drop_id = $1',
        [dropId],
      );
      return marked.rowCount === 1 ? true : undefined;
    }, 10_000);
    // From now on the public waits while the waitlist has fans.
    expect(await policy.mayHold(null, dropId, publicFan.id)).toBe(false);

    const entry = async (fan: CrowdFan) =>
      (
        await ctx.db.query<{ status: string; offer_hold_id: string | null }>(
          'SELECT status, offer_hold_id FROM waitlist_entries WHERE drop_id = $1 AND user_id = $2',
          [dropId, fan.id],
        )
      ).rows[0];
    const holdOf = async (holdId: string) =>
      (await ctx.db.query('SELECT user_id, status, variant_id FROM holds WHERE id = $1', [holdId]))
        .rows[0];

    // The first unit back goes to the first fan in line, as a hold of their own...
    await http()
      .delete(`/drops/${dropId}/holds/${holdIds[0]}`)
      .set('authorization', h1.bearer)
      .expect(200);
    const first = await eventually(async () => {
      const row = await entry(w1);
      return row.status === 'offered' ? row : undefined;
    }, 10_000);
    expect(await holdOf(first.offer_hold_id!)).toEqual({
      user_id: w1.id,
      status: 'active',
      variant_id: variants[2],
    });
    expect((await entry(w2)).status).toBe('waiting');
    expect((await me(w1, dropId).expect(200)).body).toMatchObject({
      status: 'offered',
      position: null,
      offerHoldId: first.offer_hold_id,
    });
    expect(await policy.mayHold(null, dropId, publicFan.id)).toBe(false);

    // ...the next to the next; with nobody left waiting, open sale resumes.
    await http()
      .delete(`/drops/${dropId}/holds/${holdIds[1]}`)
      .set('authorization', h2.bearer)
      .expect(200);
    const second = await eventually(async () => {
      const row = await entry(w2);
      return row.status === 'offered' ? row : undefined;
    }, 10_000);
    expect((await holdOf(second.offer_hold_id!)).user_id).toBe(w2.id);
    expect(await policy.mayHold(null, dropId, publicFan.id)).toBe(true);
    const offers = await ctx.db.query<{ recipient_user_id: string }>(
      `SELECT recipient_user_id FROM notifications
        WHERE template = 'second-chance-offer' AND payload->>'dropId' = $1 ORDER BY created_at`,
      [dropId],
    );
    expect(offers.rows.map((r) => r.recipient_user_id)).toEqual([w1.id, w2.id]);
    const lines = await ctx.db.query('SELECT held, sold FROM drop_lines WHERE drop_id = $1', [
      dropId,
    ]);
    expect(lines.rows[0]).toEqual({ held: 2, sold: 0 });
  }, 60_000);
});
