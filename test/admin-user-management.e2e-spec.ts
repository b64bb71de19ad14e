import request from 'supertest';
import { createAccount, login, TestAccount } from './support/accounts';
import { useApiOnTestDatabase } from './support/test-app';

describe('admins list, suspend and reinstate accounts', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());

  let admin: TestAccount;
  let fan: TestAccount;
  beforeAll(async () => {
    admin = await createAccount(ctx.app, ctx.db, { role: 'admin', email: 'root@example.com' });
    fan = await createAccount(ctx.app, ctx.db, { email: 'fan@example.com' });
  });

  const auditRows = async (targetId: string) =>
    (
      await ctx.db.query<{
        action: string;
        actor_user_id: string;
        before: unknown;
        after: unknown;
      }>(
        `SELECT action, actor_user_id, before, after, request_id FROM audit_events
          WHERE target_id = $1 ORDER BY occurred_at`,
        [targetId],
      )
    ).rows;

  it('lists accounts with filters; fans are refused', async () => {
    const all = await http().get('/admin/users').set('authorization', admin.bearer).expect(200);
    expect(all.body.total).toBe(2);
    const found = await http()
      .get('/admin/users?email=FAN@&status=active')
      .set('authorization', admin.bearer)
      .expect(200);
    expect(found.body.items.map((u: { email: string }) => u.email)).toEqual(['fan@example.com']);
    const bad = await http()
      .get('/admin/users?pageSize=1000&status=gone')
      .set('authorization', admin.bearer)
      .expect(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'pageSize',
      'status',
    ]);
    const refused = await http().get('/admin/users').set('authorization', fan.bearer).expect(403);
    expect(refused.body.error.code).toBe('ROLE_REQUIRED');
  });

  it('suspension stops the fan at once: access, refresh and login; it is audited', async () => {
    const second = await login(ctx.app, fan.email, fan.password);
    await http().get('/me').set('authorization', fan.bearer).expect(200); // cached as active

    const res = await http()
      .post(`/admin/users/${fan.id}/suspend`)
      .set('authorization', admin.bearer)
      .set('x-request-id', 'suspend-fan-1')
      .send({ reason: 'chargebacks' })
      .expect(200);
    expect(res.body).toMatchObject({ id: fan.id, status: 'suspended' });

    for (const bearer of [fan.bearer, second.bearer]) {
      expect(
        (await http().get('/me').set('authorization', bearer).expect(401)).body.error.code,
      ).toBe('SESSION_REVOKED');
    }
    await http().post('/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
    const relogin = await http()
      .post('/auth/login')
      .send({ email: fan.email, password: fan.password })
      .expect(403);
    expect(relogin.body.error.code).toBe('ACCOUNT_SUSPENDED');
    const wrongPassword = await http()
      .post('/auth/login')
      .send({ email: fan.email, password: 'not the password' })
      .expect(401);
    expect(wrongPassword.body.error.code).toBe('INVALID_CREDENTIALS');

    expect(await auditRows(fan.id)).toEqual([
      expect.objectContaining({
        action: 'user.suspend',
        actor_user_id: admin.id,
        request_id: 'suspend-fan-1',
        before: { status: 'active' },
        after: { status: 'suspended', reason: 'chargebacks' },
      }),
    ]);
  });

  it('suspending twice is a no-op; reinstating lets the fan sign in again', async () => {
    await http()
      .post(`/admin/users/${fan.id}/suspend`)
      .set('authorization', admin.bearer)
      .send({ reason: 'again' })
      .expect(200);
    expect(await auditRows(fan.id)).toHaveLength(1);
    await http()
      .post(`/admin/users/${fan.id}/reinstate`)
      .set('authorization', admin.bearer)
      .expect(200);
    const back = await login(ctx.app, fan.email, fan.password);
    await http().get('/me').set('authorization', back.bearer).expect(200);
    expect((await auditRows(fan.id)).map((r) => r.action)).toEqual([
      'user.suspend',
      'user.reinstate',
    ]);
  });

  it('refuses bad targets without writing: self, unknown, malformed, missing reason', async () => {
    const self = await http()
      .post(`/admin/users/${admin.id}/suspend`)
      .set('authorization', admin.bearer)
      .send({ reason: 'oops' })
      .expect(409);
    expect(self.body.error.code).toBe('CANNOT_SUSPEND_SELF');
    const missing = await http()
      .post(`/admin/users/00000000-0000-4000-8000-000000000000/suspend`)
      .set('authorization', admin.bearer)
      .send({ reason: 'x' })
      .expect(404);
    expect(missing.body.error.code).toBe('USER_NOT_FOUND');
    // Not an id at all: refused at the edge, like every other id parameter.
    const malformed = await http()
      .post(`/admin/users/not-a-uuid/suspend`)
      .set('authorization', admin.bearer)
      .send({ reason: 'x' })
      .expect(400);
    expect(malformed.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'userId' }],
    });
    await http()
      .post(`/admin/users/${fan.id}/suspend`)
      .set('authorization', admin.bearer)
      .send({})
      .expect(400);
    const { rows } = await ctx.db.query<{ status: string }>(
      'SELECT status FROM users ORDER BY email',
    );
    expect(rows.map((r) => r.status)).toEqual(['active', 'active']);
    expect(await auditRows(admin.id)).toHaveLength(0);
  });

  it('admins read the whole audit trail, filtered and paginated', async () => {
    const page = await http()
      .get(`/admin/audit?targetId=${fan.id}&limit=1`)
      .set('authorization', admin.bearer)
      .expect(200);
    expect(page.body.items).toEqual([
      expect.objectContaining({
        action: 'user.reinstate',
        actorUserId: admin.id,
        targetId: fan.id,
      }),
    ]);
    const older = await http()
      .get(`/admin/audit?targetId=${fan.id}&limit=1&before=${page.body.nextCursor}`)
      .set('authorization', admin.bearer)
      .expect(200);
    expect(older.body.items.map((e: { action: string }) => e.action)).toEqual(['user.suspend']);
    await http().get('/admin/audit?limit=0').set('authorization', admin.bearer).expect(400);
    const fanAgain = await login(ctx.app, fan.email, fan.password);
    await http().get('/admin/audit').set('authorization', fanAgain.bearer).expect(403);
  });
});
