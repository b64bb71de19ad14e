import { randomUUID } from 'node:crypto';
import { AdmissionTokens } from '@limited-run/admission';
import request from 'supertest';
import { createAccount, TestAccount } from './support/accounts';
import { createCollective } from './support/collectives';
import { createDrop, createItem, inSeconds, record, scheduleDrop } from './support/drops';
import { openLiveDrop } from './support/live-drop';
import { eventually, useApiOnTestDatabase } from './support/test-app';

/** The hold endpoint itself applies the release mode's rules, not only the waitlist routes. */
describe('POST /drops/:drop/holds honours early access, raffles and the waiting room', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());
  let owner: TestAccount;
  let slug: string;
  let variants: string[];

  beforeAll(async () => {
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    owner = await createAccount(ctx.app, ctx.db);
    slug = (await createCollective(ctx.app, admin, owner, 'rules-label')).slug;
    variants = (await createItem(ctx.app, owner, slug, record('RULES'))).variants.map((v) => v.id);
  });

  const hold = (fan: TestAccount, dropId: string, variantId: string, token?: string) => {
    const call = http()
      .post(`/drops/${dropId}/holds`)
      .set('authorization', fan.bearer)
      .set('idempotency-key', randomUUID());
    return (token ? call.set('admission-token', token) : call).send({ variantId, quantity: 1 });
  };

  it('early access: a fan who joined the waitlist in time holds; anyone else is refused', async () => {
    const draft = await createDrop(ctx.app, owner, slug, {
      name: 'Members first',
      slug: 'members-first-holds',
      releaseMode: 'waitlist_first',
      earlyAccessStartsAt: inSeconds(3),
      startsAt: inSeconds(120),
      lines: [{ variantId: variants[0], quantity: 5 }],
    });
    await scheduleDrop(ctx.app, owner, slug, draft.id);
    const [member, stranger] = [
      await createAccount(ctx.app, ctx.db),
      await createAccount(ctx.app, ctx.db),
    ];
    await http()
      .post(`/drops/${draft.id}/waitlist`)
      .set('authorization', member.bearer)
      .send({})
      .expect(201);

    // Before early access: not on sale to anyone.
    expect((await hold(member, draft.id, variants[0]).expect(409)).body.error.code).toBe(
      'DROP_NOT_LIVE',
    );
    // Early access (the drop is still scheduled): the member holds, the stranger may not.
    const held = await eventually(async () => {
      const res = await hold(member, draft.id, variants[0]);
      return res.status === 201 ? res : undefined;
    }, 15_000);
    expect(held.body.status).toBe('active');
    const refused = await hold(stranger, draft.id, variants[0]).expect(403);
    expect(refused.body.error.code).toBe('HOLD_NOT_OPEN_TO_YOU');
    const { rows } = await ctx.db.query<{ state: string; held: number }>(
      `SELECT d.state, l.held FROM drops d JOIN drop_lines l ON l.drop_id = d.id WHERE d.id = $1`,
      [draft.id],
    );
    // The refused request's unit went back: only the member's is held.
    expect(rows).toEqual([{ state: 'scheduled', held: 1 }]);
  });

  it('a raffle drop sells to its entries only: a direct hold is refused', async () => {
    const draft = await createDrop(ctx.app, owner, slug, {
      name: 'By the draw',
      slug: 'by-the-draw-holds',
      releaseMode: 'raffle',
      entryClosesAt: inSeconds(60),
      startsAt: inSeconds(90),
      lines: [{ variantId: variants[1], quantity: 5 }],
    });
    await scheduleDrop(ctx.app, owner, slug, draft.id);
    const fan = await createAccount(ctx.app, ctx.db);
    const res = await hold(fan, draft.id, variants[1]).expect(403);
    expect(res.body.error.code).toBe('HOLD_NOT_OPEN_TO_YOU');
  });

  it('while a waiting room is active, a hold needs its admission token', async () => {
    const drop = await openLiveDrop(ctx.app, ctx.db, { units: [5] });
    const [waiter, other] = [
      await createAccount(ctx.app, ctx.db),
      await createAccount(ctx.app, ctx.db),
    ];
    await http().post(`/drops/${drop.id}/room`).set('authorization', waiter.bearer).expect(201);
    for (const token of [undefined, 'forged.token']) {
      const res = await hold(other, drop.id, drop.variantIds[0], token).expect(403);
      expect(res.body.error.code).toBe('ADMISSION_REQUIRED');
    }
    const { rows } = await ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM holds WHERE drop_id = $1',
      [drop.id],
    );
    expect(rows[0].n).toBe(0);
    // A token signed for this fan and drop (as the room signs it on admission) opens the gate;
    // the same token presented by another fan does not.
    const token = ctx.app
      .get(AdmissionTokens)
      .sign(drop.id, other.id, new Date(Date.now() + 60_000));
    expect(
      (await hold(waiter, drop.id, drop.variantIds[0], token).expect(403)).body.error.code,
    ).toBe('ADMISSION_REQUIRED');
    await hold(other, drop.id, drop.variantIds[0], token).expect(201);
  });
});
