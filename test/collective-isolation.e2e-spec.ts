import request from 'supertest';
import { createAccount, TestAccount } from './support/accounts';
import { addMember, createCollective, inviteMember, TestCollective } from './support/collectives';
import { useApiOnTestDatabase } from './support/test-app';

describe("members of one collective cannot reach another's", () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());

  let admin: TestAccount;
  let ownerA: TestAccount;
  let staffA: TestAccount;
  let ownerB: TestAccount;
  let staffB: TestAccount;
  let a: TestCollective;
  let b: TestCollective;
  let inviteB: { id: string; token: string };
  beforeAll(async () => {
    admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    [ownerA, staffA, ownerB, staffB] = await Promise.all(
      Array.from({ length: 4 }, () => createAccount(ctx.app, ctx.db)),
    );
    a = await createCollective(ctx.app, admin, ownerA, 'collective-a', 'A');
    b = await createCollective(ctx.app, admin, ownerB, 'collective-b', 'B');
    await addMember(ctx.app, ownerA, a.slug, staffA);
    await addMember(ctx.app, ownerB, b.slug, staffB);
    inviteB = await inviteMember(ctx.app, ownerB, b.slug, 'pending@example.com');
  });

  const tableCounts = async () =>
    (
      await ctx.db.query(
        `SELECT (SELECT count(*) FROM collective_memberships) AS memberships,
                (SELECT count(*) FROM collective_invites WHERE revoked_at IS NULL) AS live_invites,
                (SELECT count(*) FROM audit_events) AS audit`,
      )
    ).rows[0];

  const routesOf = (slug: string) =>
    [
      { method: 'get', path: `/collectives/${slug}/members` },
      {
        method: 'patch',
        path: `/collectives/${slug}/members/${staffB.id}`,
        body: { role: 'owner' },
      },
      { method: 'delete', path: `/collectives/${slug}/members/${staffB.id}` },
      {
        method: 'post',
        path: `/collectives/${slug}/invites`,
        body: { email: 'x@example.com', role: 'staff' },
      },
      { method: 'get', path: `/collectives/${slug}/invites` },
      { method: 'delete', path: `/collectives/${slug}/invites/${inviteB.id}` },
      { method: 'get', path: `/collectives/${slug}/audit` },
    ] as const;

  const call = (caller: TestAccount, route: ReturnType<typeof routesOf>[number]) => {
    const req = http()[route.method](route.path).set('authorization', caller.bearer);
    return 'body' in route ? req.send(route.body) : req;
  };

  it("A's owner and staff get 403 NOT_A_MEMBER on every route of B, and nothing changes", async () => {
    const before = await tableCounts();
    for (const caller of [ownerA, staffA]) {
      for (const route of routesOf(b.slug)) {
        const res = await call(caller, route);
        expect([route.method, route.path, res.status, res.body.error?.code]).toEqual([
          route.method,
          route.path,
          403,
          'NOT_A_MEMBER',
        ]);
      }
    }
    expect(await tableCounts()).toEqual(before);
  });

  it("A's owner cannot reach B's invite or member through A's slug (404), and B's invite still works", async () => {
    const before = await tableCounts();
    const revoke = await http()
      .delete(`/collectives/${a.slug}/invites/${inviteB.id}`)
      .set('authorization', ownerA.bearer)
      .expect(404);
    expect(revoke.body.error.code).toBe('INVITE_NOT_FOUND');
    for (const res of [
      await http()
        .patch(`/collectives/${a.slug}/members/${staffB.id}`)
        .set('authorization', ownerA.bearer)
        .send({ role: 'owner' }),
      await http()
        .delete(`/collectives/${a.slug}/members/${ownerB.id}`)
        .set('authorization', ownerA.bearer),
    ]) {
      expect([res.status, res.body.error.code]).toEqual([404, 'MEMBER_NOT_FOUND']);
    }
    expect(await tableCounts()).toEqual(before);
    const pending = await http()
      .get(`/collectives/${b.slug}/invites`)
      .set('authorization', ownerB.bearer)
      .expect(200);
    expect(pending.body.map((i: { id: string }) => i.id)).toEqual([inviteB.id]);
  });

  it("B's audit trail and member list show only B", async () => {
    const trail = await http()
      .get(`/collectives/${b.slug}/audit`)
      .set('authorization', ownerB.bearer)
      .expect(200);
    expect(trail.body.items.length).toBeGreaterThan(0);
    expect(new Set(trail.body.items.map((e: { collectiveId: string }) => e.collectiveId))).toEqual(
      new Set([b.id]),
    );
    const members = await http()
      .get(`/collectives/${b.slug}/members`)
      .set('authorization', staffB.bearer)
      .expect(200);
    expect(members.body.map((m: { userId: string }) => m.userId).sort()).toEqual(
      [ownerB.id, staffB.id].sort(),
    );
  });

  it('an unknown slug is 404 COLLECTIVE_NOT_FOUND for members and admins alike', async () => {
    for (const caller of [ownerA, staffB, admin]) {
      for (const route of routesOf('no-such-collective')) {
        const res = await call(caller, route);
        expect([route.method, route.path, res.status, res.body.error?.code]).toEqual([
          route.method,
          route.path,
          404,
          'COLLECTIVE_NOT_FOUND',
        ]);
      }
    }
  });

  it('a user may belong to several collectives and sees each in /me/collectives', async () => {
    await addMember(ctx.app, ownerB, b.slug, staffA, 'owner');
    const mine = await http()
      .get('/me/collectives')
      .set('authorization', staffA.bearer)
      .expect(200);
    expect(
      mine.body.map((m: { collective: { slug: string }; role: string }) => [
        m.collective.slug,
        m.role,
      ]),
    ).toEqual([
      [a.slug, 'staff'],
      [b.slug, 'owner'],
    ]);
    // Being owner of B gives nothing in A.
    await http()
      .get(`/collectives/${a.slug}/invites`)
      .set('authorization', staffA.bearer)
      .expect(403);
  });
});
