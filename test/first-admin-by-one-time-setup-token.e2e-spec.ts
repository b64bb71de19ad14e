import { FirstAdminSetupService, issueSetupToken } from '@limited-run/identity';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { createAccount } from './support/accounts';
import { startApi, useApiOnTestDatabase } from './support/test-app';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

const PASSWORD = 'correct horse battery staple';

describe('the first admin is created once, from the browser, by a one-time setup token', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());
  let second: NestFastifyApplication;
  let token: string;

  beforeAll(async () => {
    // A second API process: the race below spreads its requests over both.
    second = await startApi();
    const link = await ctx.app.get(FirstAdminSetupService).announceAtBoot();
    token = new URL(String(link)).searchParams.get('token') ?? '';
  });
  afterAll(async () => {
    await second?.close();
  });

  const count = async (sql: string): Promise<number> =>
    Number(
      (await ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM (${sql}) AS rows`)).rows[0].n,
    );
  const admins = () => count(`SELECT 1 FROM users WHERE role = 'admin'`);
  const auditCreations = () =>
    count(`SELECT 1 FROM audit_events WHERE action = 'user.create_admin'`);
  const setUp = (app: NestFastifyApplication, body: Record<string, unknown>) =>
    request(app.getHttpServer()).post('/setup/admin').send(body);
  const admin = (email: string, withToken = token) => ({
    token: withToken,
    email,
    password: PASSWORD,
    displayName: 'Ada',
  });

  it('keeps only the hash of the token issued at boot, valid for a day', async () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = (
      await ctx.db.query<{ token_hash: string; ttl_hours: number }>(
        `SELECT token_hash, extract(epoch FROM expires_at - created_at) / 3600 AS ttl_hours
           FROM setup_tokens`,
      )
    ).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(token);
    expect(Math.round(Number(rows[0].ttl_hours))).toBe(24);
  });

  it('refuses a wrong, an expired or a malformed request with 4xx and writes nothing', async () => {
    const wrong = await setUp(ctx.app, admin('ada@example.com', 'not-the-token')).expect(400);
    expect(wrong.body.error.code).toBe('SETUP_TOKEN_INVALID');

    const expired = await issueSetupToken(
      ctx.app.get(DataSource),
      new Date(Date.now() - 25 * 60 * 60 * 1000),
    );
    const late = await setUp(ctx.app, admin('ada@example.com', expired?.token)).expect(400);
    expect(late.body.error.code).toBe('SETUP_TOKEN_INVALID');

    const invalid = await setUp(ctx.app, { token, email: 'not an email', password: 'short' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('VALIDATION_FAILED');
    const fields = invalid.body.error.details.map((d: { field: string }) => d.field);
    expect([...new Set(fields)].sort()).toEqual(['displayName', 'email', 'password']);

    // An address that already has a (fan) account: refused, and the token is not spent.
    const fan = await createAccount(ctx.app, ctx.db, { email: 'fan@example.com' });
    const taken = await setUp(ctx.app, admin(fan.email)).expect(409);
    expect(taken.body.error.code).toBe('EMAIL_TAKEN');

    expect(await admins()).toBe(0);
    expect(await auditCreations()).toBe(0);
    expect(await count(`SELECT 1 FROM setup_tokens WHERE used_at IS NOT NULL`)).toBe(0);
  });

  it('of eight racing requests with the valid token across two processes, exactly one creates the admin', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        setUp(i % 2 === 0 ? ctx.app : second, admin(`racer-${i}@example.com`)),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const refused of answers.filter((answer) => answer.status === 409)) {
      expect(refused.body.error.code).toBe('SETUP_ALREADY_DONE');
    }
    const winner = answers.find((answer) => answer.status === 201)?.body as {
      user: { id: string; email: string; role: string };
    };
    expect(winner.user.role).toBe('admin');

    const created = (
      await ctx.db.query<{ id: string; email: string }>(
        `SELECT id, email FROM users WHERE role = 'admin'`,
      )
    ).rows;
    expect(created).toEqual([{ id: winner.user.id, email: winner.user.email }]);
    // Only the racers' winner exists: the losers wrote no account.
    expect(await count(`SELECT 1 FROM users WHERE email LIKE 'racer-%'`)).toBe(1);
    const spent = (
      await ctx.db.query<{ used_by_user_id: string }>(
        `SELECT used_by_user_id FROM setup_tokens WHERE used_at IS NOT NULL`,
      )
    ).rows;
    expect(spent).toEqual([{ used_by_user_id: winner.user.id }]);
    const audit = (
      await ctx.db.query<{ target_id: string; after: Record<string, unknown> }>(
        `SELECT target_id, after FROM audit_events WHERE action = 'user.create_admin'`,
      )
    ).rows;
    expect(audit).toEqual([
      {
        target_id: winner.user.id,
        after: { role: 'admin', email: winner.user.email, via: 'setup_token' },
      },
    ]);
  });

  it('signs the new admin in: it reaches the admin routes, and can sign in again', async () => {
    const email = (
      await ctx.db.query<{ email: string }>(`SELECT email FROM users WHERE role = 'admin'`)
    ).rows[0].email;
    const login = await http().post('/auth/login').send({ email, password: PASSWORD }).expect(200);
    const users = await http()
      .get('/admin/users')
      .set('authorization', `Bearer ${login.body.accessToken}`)
      .expect(200);
    expect(users.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ email, role: 'admin' })]),
    );
    await http()
      .get('/admin/audit')
      .set('authorization', `Bearer ${login.body.accessToken}`)
      .expect(200);
  });

  it('is closed for good once an admin exists: reuse is refused and no new token is issued', async () => {
    const reuse = await setUp(ctx.app, admin('late@example.com')).expect(409);
    expect(reuse.body.error.code).toBe('SETUP_ALREADY_DONE');
    const before = await count('SELECT 1 FROM setup_tokens');
    expect(await ctx.app.get(FirstAdminSetupService).announceAtBoot()).toBeUndefined();
    expect(await issueSetupToken(ctx.app.get(DataSource))).toBeUndefined();
    expect(await count('SELECT 1 FROM setup_tokens')).toBe(before);
    expect(await admins()).toBe(1);
    expect(await count(`SELECT 1 FROM users WHERE email = 'late@example.com'`)).toBe(0);
  });
});
