import request from 'supertest';
import { createAccount, TestAccount } from './support/accounts';
import { inviteMember } from './support/collectives';
import { useApiOnTestDatabase } from './support/test-app';

describe('admins create collectives, owners invite staff and manage members', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());

  let admin: TestAccount;
  let owner: TestAccount;
  let bo: TestAccount;
  let fan: TestAccount;
  beforeAll(async () => {
    admin = await createAccount(ctx.app, ctx.db, { role: 'admin', email: 'root@example.com' });
    owner = await createAccount(ctx.app, ctx.db, { email: 'ana@example.com', displayName: 'Ana' });
    bo = await createAccount(ctx.app, ctx.db, { email: 'bo@example.com', displayName: 'Bo' });
    fan = await createAccount(ctx.app, ctx.db, { email: 'cy@example.com', displayName: 'Cy' });
  });

  const count = async (table: string, where = 'TRUE', params: unknown[] = []): Promise<number> =>
    Number(
      (
        await ctx.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM ${table} WHERE ${where}`,
          params,
        )
      ).rows[0].n,
    );
  const snapshot = async () => ({
    collectives: await count('collectives'),
    memberships: await count('collective_memberships'),
    invites: await count('collective_invites'),
    audit: await count('audit_events'),
    notifications: await count('notifications'),
  });
  const audit = async (action: string) =>
    (
      await ctx.db.query(
        `SELECT actor_user_id, target_type, target_id, collective_id, before, after, request_id
           FROM audit_events WHERE action = $1 ORDER BY occurred_at, id`,
        [action],
      )
    ).rows;

  describe('creating a collective', () => {
    it.each([
      ['a missing body', undefined, ['name', 'slug', 'ownerEmail']],
      [
        'an upper-case slug and a bad email',
        { name: 'X', slug: 'Night-Shift', ownerEmail: 'nope' },
        ['slug', 'ownerEmail'],
      ],
      [
        'a slug with a double hyphen',
        { name: 'X', slug: 'night--shift', ownerEmail: 'ana@example.com' },
        ['slug'],
      ],
      ['an empty name', { name: '   ', slug: 'ok', ownerEmail: 'ana@example.com' }, ['name']],
      [
        'an unknown field',
        { name: 'X', slug: 'ok', ownerEmail: 'ana@example.com', ownerId: 'x' },
        ['ownerId'],
      ],
    ])('%s → 400 naming the fields, nothing written', async (_case, body, fields) => {
      const before = await snapshot();
      const res = await http()
        .post('/admin/collectives')
        .set('authorization', admin.bearer)
        .send(body)
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      const named = new Set(res.body.error.details.map((d: { field: string }) => d.field));
      expect([...named].sort()).toEqual([...fields].sort());
      expect(await snapshot()).toEqual(before);
    });

    it('an owner without an active account → 422 OWNER_NOT_FOUND, nothing written', async () => {
      await ctx.db.query(`UPDATE users SET status = 'suspended' WHERE id = $1`, [fan.id]);
      const before = await snapshot();
      for (const ownerEmail of ['nobody@example.com', fan.email]) {
        const res = await http()
          .post('/admin/collectives')
          .set('authorization', admin.bearer)
          .send({ name: 'Ghost', slug: 'ghost', ownerEmail })
          .expect(422);
        expect(res.body.error.code).toBe('OWNER_NOT_FOUND');
      }
      expect(await snapshot()).toEqual(before);
      await ctx.db.query(`UPDATE users SET status = 'active' WHERE id = $1`, [fan.id]);
    });

    it('an admin creates one with its first owner, audited; the owner sees it in /me/collectives', async () => {
      const res = await http()
        .post('/admin/collectives')
        .set('authorization', admin.bearer)
        .set('x-request-id', 'create-night-shift')
        .send({ name: ' Night Shift ', slug: 'night-shift', ownerEmail: ' ANA@example.com ' })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name: 'Night Shift',
        slug: 'night-shift',
        createdAt: expect.any(String),
      });
      expect(await audit('collective.create')).toEqual([
        {
          actor_user_id: admin.id,
          target_type: 'collective',
          target_id: res.body.id,
          collective_id: res.body.id,
          before: null,
          after: { name: 'Night Shift', slug: 'night-shift', ownerUserId: owner.id },
          request_id: 'create-night-shift',
        },
      ]);
      const mine = await http()
        .get('/me/collectives')
        .set('authorization', owner.bearer)
        .expect(200);
      expect(mine.body).toEqual([
        {
          collective: { id: res.body.id, name: 'Night Shift', slug: 'night-shift' },
          role: 'owner',
          joinedAt: expect.any(String),
        },
      ]);
      const profile = await http().get('/collectives/night-shift').expect(200);
      expect(profile.body).toEqual({ id: res.body.id, name: 'Night Shift', slug: 'night-shift' });
      await http().get('/collectives/no-such-thing').expect(404);
    });

    it('a taken slug → 409 SLUG_TAKEN; of many racing creates exactly one wins', async () => {
      const taken = await http()
        .post('/admin/collectives')
        .set('authorization', admin.bearer)
        .send({ name: 'Again', slug: 'night-shift', ownerEmail: bo.email })
        .expect(409);
      expect(taken.body.error.code).toBe('SLUG_TAKEN');

      const statuses = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          http()
            .post('/admin/collectives')
            .set('authorization', admin.bearer)
            .send({ name: `Race ${i}`, slug: 'race', ownerEmail: i % 2 ? bo.email : owner.email })
            .then((r) => r.status),
        ),
      );
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(7);
      expect(await count('collectives', `slug = 'race'`)).toBe(1);
      expect(
        await count(
          'collective_memberships m JOIN collectives c ON c.id = m.collective_id',
          `c.slug = 'race'`,
        ),
      ).toBe(1);
      expect(
        await count('audit_events', `action = 'collective.create' AND after->>'slug' = 'race'`),
      ).toBe(1);
    });

    it('admins list collectives a page at a time', async () => {
      const first = await http()
        .get('/admin/collectives?pageSize=1')
        .set('authorization', admin.bearer)
        .expect(200);
      expect(first.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
      expect(first.body.items).toHaveLength(1);
      const second = await http()
        .get('/admin/collectives?pageSize=1&page=2')
        .set('authorization', admin.bearer)
        .expect(200);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.items[0].slug).not.toBe(first.body.items[0].slug);
      await http()
        .get('/admin/collectives?pageSize=0')
        .set('authorization', admin.bearer)
        .expect(400);
      await http().get('/admin/collectives').set('authorization', owner.bearer).expect(403);
    });
  });

  describe('invites', () => {
    let token: string;
    let inviteId: string;

    it('bad invite input → 400 and inviting a member → 409 ALREADY_MEMBER, nothing written', async () => {
      const before = await snapshot();
      for (const body of [
        {},
        { email: 'x', role: 'staff' },
        { email: 'bo@example.com', role: 'boss' },
      ]) {
        await http()
          .post('/collectives/night-shift/invites')
          .set('authorization', owner.bearer)
          .send(body)
          .expect(400);
      }
      const already = await http()
        .post('/collectives/night-shift/invites')
        .set('authorization', owner.bearer)
        .send({ email: owner.email, role: 'staff' })
        .expect(409);
      expect(already.body.error.code).toBe('ALREADY_MEMBER');
      expect(await snapshot()).toEqual(before);
    });

    it('an owner invites: the token comes back once, is mailed via the outbox, and is stored only hashed', async () => {
      const res = await http()
        .post('/collectives/night-shift/invites')
        .set('authorization', owner.bearer)
        .send({ email: ' BO@Example.com ', role: 'staff' })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        email: 'bo@example.com',
        role: 'staff',
        expiresAt: expect.any(String),
        token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
      token = res.body.token;
      inviteId = res.body.id;
      const days = (Date.parse(res.body.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThanOrEqual(7);

      const { rows } = await ctx.db.query(
        `SELECT token_hash, encode(sha256(convert_to($2, 'UTF8')), 'hex') AS expected
           FROM collective_invites WHERE id = $1`,
        [inviteId, token],
      );
      expect(rows[0].token_hash).toBe(rows[0].expected);
      expect(
        await count(
          'collective_invites',
          `row_to_json(collective_invites)::text LIKE '%' || $1 || '%'`,
          [token],
        ),
      ).toBe(0);

      const mail = await ctx.db.query(
        `SELECT recipient_user_id, recipient_email, payload FROM notifications WHERE template = 'collective-invite'`,
      );
      expect(mail.rows).toEqual([
        {
          recipient_user_id: bo.id,
          recipient_email: 'bo@example.com',
          payload: expect.objectContaining({
            // The mail carries a link to the console's accept page, not a bare token.
            link: expect.stringMatching(
              new RegExp(`^http://[^/]+/console/invites/accept\\?token=${token}$`),
            ),
            collectiveName: 'Night Shift',
            role: 'staff',
            invitedByName: 'Ana',
          }),
        },
      ]);

      const pending = await http()
        .get('/collectives/night-shift/invites')
        .set('authorization', owner.bearer)
        .expect(200);
      expect(pending.body).toEqual([
        {
          id: inviteId,
          email: 'bo@example.com',
          role: 'staff',
          expiresAt: res.body.expiresAt,
          invitedByUserId: owner.id,
          createdAt: expect.any(String),
        },
      ]);
      expect(JSON.stringify(pending.body)).not.toContain(token);
    });

    it('someone signed in with another email cannot accept (403), and the invite stays usable', async () => {
      const before = await snapshot();
      const res = await http()
        .post('/invites/accept')
        .set('authorization', fan.bearer)
        .send({ token })
        .expect(403);
      expect(res.body.error.code).toBe('INVITE_EMAIL_MISMATCH');
      expect(await snapshot()).toEqual(before);
      await http()
        .post('/invites/accept')
        .set('authorization', fan.bearer)
        .send({ token: 'short' })
        .expect(400);
    });

    it('the invitee accepts and becomes staff; the invite is then used up', async () => {
      const res = await http()
        .post('/invites/accept')
        .set('authorization', bo.bearer)
        .send({ token })
        .expect(201);
      expect(res.body).toEqual({
        collective: { id: expect.any(String), name: 'Night Shift', slug: 'night-shift' },
        role: 'staff',
        joinedAt: expect.any(String),
      });
      const again = await http()
        .post('/invites/accept')
        .set('authorization', bo.bearer)
        .send({ token })
        .expect(404);
      expect(again.body.error.code).toBe('INVITE_NOT_FOUND');
      const pending = await http()
        .get('/collectives/night-shift/invites')
        .set('authorization', owner.bearer)
        .expect(200);
      expect(pending.body).toEqual([]);
      expect(await audit('collective.invite.accept')).toEqual([
        expect.objectContaining({
          actor_user_id: bo.id,
          target_type: 'collective_invite',
          target_id: inviteId,
          after: expect.objectContaining({ userId: bo.id, role: 'staff' }),
        }),
      ]);
    });

    it('a second invite for someone who became a member meanwhile → 409 ALREADY_MEMBER on accept', async () => {
      await ctx.db.query(`DELETE FROM collective_memberships WHERE user_id = $1`, [bo.id]);
      const stale = await inviteMember(ctx.app, owner, 'night-shift', bo.email);
      await ctx.db.query(
        `INSERT INTO collective_memberships (collective_id, user_id, role)
           SELECT id, $1, 'staff' FROM collectives WHERE slug = 'night-shift'`,
        [bo.id],
      );
      const before = await snapshot();
      const res = await http()
        .post('/invites/accept')
        .set('authorization', bo.bearer)
        .send({ token: stale.token })
        .expect(409);
      expect(res.body.error.code).toBe('ALREADY_MEMBER');
      expect(await snapshot()).toEqual(before);
      await http()
        .delete(`/collectives/night-shift/invites/${stale.id}`)
        .set('authorization', owner.bearer)
        .expect(204);
    });
  });

  describe('members', () => {
    it('staff see the members but cannot invite, change roles or remove anyone', async () => {
      const res = await http()
        .get('/collectives/night-shift/members')
        .set('authorization', bo.bearer)
        .expect(200);
      expect(res.body).toEqual([
        {
          userId: owner.id,
          email: 'ana@example.com',
          displayName: 'Ana',
          role: 'owner',
          joinedAt: expect.any(String),
        },
        {
          userId: bo.id,
          email: 'bo@example.com',
          displayName: 'Bo',
          role: 'staff',
          joinedAt: expect.any(String),
        },
      ]);
      const before = await snapshot();
      const refused = [
        await http()
          .post('/collectives/night-shift/invites')
          .set('authorization', bo.bearer)
          .send({ email: 'x@example.com', role: 'staff' }),
        await http().get('/collectives/night-shift/invites').set('authorization', bo.bearer),
        await http()
          .patch(`/collectives/night-shift/members/${bo.id}`)
          .set('authorization', bo.bearer)
          .send({ role: 'owner' }),
        await http()
          .delete(`/collectives/night-shift/members/${owner.id}`)
          .set('authorization', bo.bearer),
        await http().get('/collectives/night-shift/audit').set('authorization', bo.bearer),
      ];
      expect(refused.map((r) => [r.status, r.body.error.code])).toEqual(
        Array.from({ length: 5 }, () => [403, 'OWNER_REQUIRED']),
      );
      const stranger = await http()
        .get('/collectives/night-shift/members')
        .set('authorization', fan.bearer)
        .expect(403);
      expect(stranger.body.error.code).toBe('NOT_A_MEMBER');
      expect(await snapshot()).toEqual(before);
    });

    it('bad member requests → 400 or 404 with nothing written', async () => {
      const before = await snapshot();
      await http()
        .patch(`/collectives/night-shift/members/${bo.id}`)
        .set('authorization', owner.bearer)
        .send({ role: 'boss' })
        .expect(400);
      await http()
        .patch('/collectives/night-shift/members/not-a-uuid')
        .set('authorization', owner.bearer)
        .send({ role: 'owner' })
        .expect(400);
      const missing = await http()
        .delete(`/collectives/night-shift/members/${fan.id}`)
        .set('authorization', owner.bearer)
        .expect(404);
      expect(missing.body.error.code).toBe('MEMBER_NOT_FOUND');
      expect(await snapshot()).toEqual(before);
    });

    it('the last owner can be neither demoted nor removed', async () => {
      const before = await snapshot();
      const demote = await http()
        .patch(`/collectives/night-shift/members/${owner.id}`)
        .set('authorization', owner.bearer)
        .send({ role: 'staff' })
        .expect(409);
      expect(demote.body.error.code).toBe('LAST_OWNER');
      const remove = await http()
        .delete(`/collectives/night-shift/members/${owner.id}`)
        .set('authorization', admin.bearer)
        .expect(409);
      expect(remove.body.error.code).toBe('LAST_OWNER');
      expect(await snapshot()).toEqual(before);
    });

    it('an owner promotes staff; then either owner may step down; changes are audited', async () => {
      const promoted = await http()
        .patch(`/collectives/night-shift/members/${bo.id}`)
        .set('authorization', owner.bearer)
        .send({ role: 'owner' })
        .expect(200);
      expect(promoted.body).toMatchObject({ userId: bo.id, role: 'owner' });
      await http()
        .patch(`/collectives/night-shift/members/${owner.id}`)
        .set('authorization', owner.bearer)
        .send({ role: 'staff' })
        .expect(200);
      expect(await audit('collective.member.role_change')).toEqual([
        expect.objectContaining({
          actor_user_id: owner.id,
          target_type: 'user',
          target_id: bo.id,
          before: { role: 'staff' },
          after: { role: 'owner' },
        }),
        expect.objectContaining({
          actor_user_id: owner.id,
          target_type: 'user',
          target_id: owner.id,
          before: { role: 'owner' },
          after: { role: 'staff' },
        }),
      ]);
      // Ana is staff now: the guard refuses her owner routes.
      await http()
        .patch(`/collectives/night-shift/members/${bo.id}`)
        .set('authorization', owner.bearer)
        .send({ role: 'staff' })
        .expect(403);
    });

    it('an owner removes a member, audited; the removed member loses access', async () => {
      await http()
        .delete(`/collectives/night-shift/members/${owner.id}`)
        .set('authorization', bo.bearer)
        .expect(204);
      expect(await audit('collective.member.remove')).toEqual([
        expect.objectContaining({
          actor_user_id: bo.id,
          target_id: owner.id,
          before: { role: 'staff' },
          after: null,
        }),
      ]);
      await http()
        .get('/collectives/night-shift/members')
        .set('authorization', owner.bearer)
        .expect(403);
      const mine = await http()
        .get('/me/collectives')
        .set('authorization', owner.bearer)
        .expect(200);
      expect(
        mine.body.map((m: { collective: { slug: string } }) => m.collective.slug),
      ).not.toContain('night-shift');
    });
  });

  describe('the collective audit trail', () => {
    it('owners read their collective events, newest first and paginated; never a token', async () => {
      const res = await http()
        .get('/collectives/night-shift/audit?limit=3')
        .set('authorization', bo.bearer)
        .expect(200);
      expect(res.body.items).toHaveLength(3);
      expect(res.body.nextCursor).toEqual(expect.any(String));
      const all = [];
      let cursor: string | null = null;
      do {
        const page: request.Response = await http()
          .get(`/collectives/night-shift/audit?limit=3${cursor ? `&before=${cursor}` : ''}`)
          .set('authorization', bo.bearer)
          .expect(200);
        all.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      const collectiveId = (
        await ctx.db.query(`SELECT id FROM collectives WHERE slug = 'night-shift'`)
      ).rows[0].id;
      expect(new Set(all.map((e: { collectiveId: string }) => e.collectiveId))).toEqual(
        new Set([collectiveId]),
      );
      expect(all.map((e: { action: string }) => e.action).sort()).toEqual(
        [
          'collective.create',
          'collective.invite.create',
          'collective.invite.accept',
          'collective.invite.create',
          'collective.invite.revoke',
          'collective.member.role_change',
          'collective.member.role_change',
          'collective.member.remove',
        ].sort(),
      );
      const tokens = (
        await ctx.db.query(
          `SELECT payload->>'link' AS link FROM notifications WHERE template = 'collective-invite'`,
        )
      ).rows.map((r: { link: string }) => new URL(r.link).searchParams.get('token') ?? '');
      expect(tokens.every((token) => token.length === 43)).toBe(true);
      const everything = JSON.stringify((await ctx.db.query('SELECT * FROM audit_events')).rows);
      for (const token of tokens) expect(everything).not.toContain(token);
      await http()
        .get('/collectives/night-shift/audit?collectiveId=x')
        .set('authorization', bo.bearer)
        .expect(400);
    });
  });
});
