import request from 'supertest';
import { useApiOnTestDatabase } from './support/test-app';

const valid = { email: 'Ana@Example.com', password: 'correct horse battery', displayName: 'Ana' };

describe('malformed requests are refused with field details and write nothing', () => {
  const ctx = useApiOnTestDatabase();

  const count = async (table: 'users' | 'notifications'): Promise<number> =>
    Number((await ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

  it.each([
    ['a missing body', undefined, ['email', 'password', 'displayName']],
    [
      'a bad email and a short password',
      { ...valid, email: 'not-an-email', password: 'short' },
      ['email', 'password'],
    ],
    ['a field of the wrong type', { ...valid, displayName: 42 }, ['displayName']],
    ['an unknown field', { ...valid, role: 'admin' }, ['role']],
  ])('%s → 400 VALIDATION_FAILED naming the fields', async (_case, body, fields) => {
    const res = await request(ctx.app.getHttpServer()).post('/auth/signup').send(body).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const named = new Set((res.body.error.details as Array<{ field: string }>).map((d) => d.field));
    expect([...named].sort()).toEqual([...fields].sort());
    expect(await count('users')).toBe(0);
    expect(await count('notifications')).toBe(0);
  });

  it('a valid sign-up creates the fan, signs them in, and writes the welcome message, never exposing the hash', async () => {
    const res = await request(ctx.app.getHttpServer()).post('/auth/signup').send(valid).expect(201);
    expect(res.body).toEqual({
      tokenType: 'Bearer',
      accessToken: expect.any(String),
      expiresIn: expect.any(Number),
      refreshToken: expect.any(String),
      refreshTokenExpiresAt: expect.any(String),
      user: {
        id: expect.any(String),
        email: 'ana@example.com',
        displayName: 'Ana',
        role: 'fan',
        createdAt: expect.any(String),
      },
    });
    // The session is real: the access token reaches the account.
    const me = await request(ctx.app.getHttpServer())
      .get('/me')
      .set('authorization', `Bearer ${res.body.accessToken}`)
      .expect(200);
    expect(me.body.email).toBe('ana@example.com');
    const { rows } = await ctx.db.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE id = $1',
      [res.body.user.id],
    );
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(await count('notifications')).toBe(1);
  });

  it('the same address in another case is a 409 EMAIL_TAKEN, and nothing more is written', async () => {
    const res = await request(ctx.app.getHttpServer())
      .post('/auth/signup')
      .send({ ...valid, email: 'ANA@example.COM' })
      .expect(409);
    expect(res.body.error.code).toBe('EMAIL_TAKEN');
    expect(await count('users')).toBe(1);
    expect(await count('notifications')).toBe(1);
  });

  it('many sign-ups racing for one address create exactly one account', async () => {
    const body = { ...valid, email: 'race@example.com' };
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () =>
        request(ctx.app.getHttpServer())
          .post('/auth/signup')
          .send(body)
          .then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(11);
    const { rows } = await ctx.db.query(`SELECT id FROM users WHERE email = 'race@example.com'`);
    expect(rows).toHaveLength(1);
  });
});
