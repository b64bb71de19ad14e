import request from 'supertest';
import { createAccount, TestAccount } from './support/accounts';
import { createCollective, inviteMember, TestCollective } from './support/collectives';
import { useApiOnTestDatabase } from './support/test-app';

describe('an invite makes at most one membership, and dead invites all look the same', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());

  let admin: TestAccount;
  let owner: TestAccount;
  let collective: TestCollective;
  beforeAll(async () => {
    admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    owner = await createAccount(ctx.app, ctx.db);
    collective = await createCollective(ctx.app, admin, owner, 'single-use');
  });

  const memberships = async (userId: string): Promise<number> =>
    Number(
      (
        await ctx.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM collective_memberships WHERE user_id = $1`,
          [userId],
        )
      ).rows[0].n,
    );
  const accepts = async (inviteId: string): Promise<number> =>
    Number(
      (
        await ctx.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM audit_events WHERE action = 'collective.invite.accept' AND target_id = $1`,
          [inviteId],
        )
      ).rows[0].n,
    );
  const accept = (who: TestAccount, token: string) =>
    http().post('/invites/accept').set('authorization', who.bearer).send({ token });

  it('many concurrent accepts of one token create exactly one membership', async () => {
    const invitee = await createAccount(ctx.app, ctx.db);
    const invite = await inviteMember(ctx.app, owner, collective.slug, invitee.email);
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () => accept(invitee, invite.token).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 404)).toHaveLength(11);
    expect(await memberships(invitee.id)).toBe(1);
    expect(await accepts(invite.id)).toBe(1);
    const { rows } = await ctx.db.query(
      `SELECT accepted_at, accepted_by_user_id FROM collective_invites WHERE id = $1`,
      [invite.id],
    );
    expect(rows[0]).toEqual({ accepted_at: expect.any(Date), accepted_by_user_id: invitee.id });
  });

  it('two invites for one person accepted at once: one membership, the other invite stays open', async () => {
    const invitee = await createAccount(ctx.app, ctx.db);
    const first = await inviteMember(ctx.app, owner, collective.slug, invitee.email, 'staff');
    const second = await inviteMember(ctx.app, owner, collective.slug, invitee.email, 'owner');
    const responses = await Promise.all([
      accept(invitee, first.token),
      accept(invitee, second.token),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(responses.find((r) => r.status === 409)?.body.error.code).toBe('ALREADY_MEMBER');
    expect(await memberships(invitee.id)).toBe(1);
    expect((await accepts(first.id)) + (await accepts(second.id))).toBe(1);
    const { rows } = await ctx.db.query(
      `SELECT count(*)::int AS open FROM collective_invites WHERE id = ANY($1) AND accepted_at IS NULL`,
      [[first.id, second.id]],
    );
    expect(rows[0].open).toBe(1);
  });

  it('unknown, used, revoked and expired tokens all get the same 404 and write nothing', async () => {
    const invitee = await createAccount(ctx.app, ctx.db);
    const used = await inviteMember(ctx.app, owner, collective.slug, invitee.email);
    await accept(invitee, used.token).expect(201);
    await http()
      .delete(`/collectives/${collective.slug}/members/${invitee.id}`)
      .set('authorization', owner.bearer)
      .expect(204);

    const revoked = await inviteMember(ctx.app, owner, collective.slug, invitee.email);
    await http()
      .delete(`/collectives/${collective.slug}/invites/${revoked.id}`)
      .set('authorization', owner.bearer)
      .expect(204);
    // Revoking twice: nothing pending any more.
    await http()
      .delete(`/collectives/${collective.slug}/invites/${revoked.id}`)
      .set('authorization', owner.bearer)
      .expect(404);

    const expired = await inviteMember(ctx.app, owner, collective.slug, invitee.email);
    await ctx.db.query(
      `UPDATE collective_invites SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [expired.id],
    );
    const pending = await http()
      .get(`/collectives/${collective.slug}/invites`)
      .set('authorization', owner.bearer)
      .expect(200);
    expect(pending.body.map((i: { id: string }) => i.id)).not.toContain(expired.id);

    const unknown = 'A'.repeat(43);
    const bodies = [];
    for (const token of [unknown, used.token, revoked.token, expired.token]) {
      const res = await accept(invitee, token).expect(404);
      bodies.push(res.body);
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0].error.code).toBe('INVITE_NOT_FOUND');
    expect(await memberships(invitee.id)).toBe(0);
    const { rows } = await ctx.db.query(
      `SELECT id, accepted_at FROM collective_invites WHERE id = ANY($1) ORDER BY id`,
      [[revoked.id, expired.id]],
    );
    expect(rows.map((r) => r.accepted_at)).toEqual([null, null]);
    const revokedAudit = await ctx.db.query(
      `SELECT actor_user_id, before, after FROM audit_events WHERE action = 'collective.invite.revoke' AND target_id = $1`,
      [revoked.id],
    );
    expect(revokedAudit.rows).toEqual([
      {
        actor_user_id: owner.id,
        before: expect.objectContaining({ revokedAt: null }),
        after: expect.objectContaining({ revokedAt: expect.any(String) }),
      },
    ]);
  });

  it('an invitee who signs up after being invited can accept with the mailed token', async () => {
    const invite = await inviteMember(ctx.app, owner, collective.slug, 'late@example.com', 'owner');
    const mail = await ctx.db.query(
      `SELECT recipient_user_id, recipient_email, payload->>'link' AS link FROM notifications
        WHERE template = 'collective-invite' AND recipient_email = 'late@example.com'`,
    );
    expect(mail.rows).toEqual([
      { recipient_user_id: null, recipient_email: 'late@example.com', link: expect.any(String) },
    ]);
    const mailed = new URL(mail.rows[0].link).searchParams.get('token');
    expect(mailed).toBe(invite.token);
    const late = await createAccount(ctx.app, ctx.db, { email: 'late@example.com' });
    const res = await accept(late, mailed ?? '').expect(201);
    expect(res.body).toMatchObject({ collective: { slug: collective.slug }, role: 'owner' });
  });
});
