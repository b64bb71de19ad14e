import Redis from 'ioredis';
import { sign } from 'jsonwebtoken';
import request from 'supertest';
import { createAccount, login, TestAccount } from './support/accounts';
import { useApiOnTestDatabase } from './support/test-app';

const ISSUER = 'limited-run';
const AUDIENCE = 'limited-run-api';

describe('sign-in sessions: login, tokens, rotation, revocation', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());
  const me = (bearer: string) => http().get('/me').set('authorization', bearer);

  let fan: TestAccount;
  beforeAll(async () => {
    fan = await createAccount(ctx.app, ctx.db, { displayName: 'Fan' });
  });

  describe('login', () => {
    it('answers an unknown email and a wrong password identically', async () => {
      const unknown = await http()
        .post('/auth/login')
        .send({ email: 'nobody@example.com', password: 'whatever-password' });
      const wrong = await http()
        .post('/auth/login')
        .send({ email: fan.email, password: 'not-the-password' });
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(unknown.body.error.code).toBe('INVALID_CREDENTIALS');
    });

    it('issues a bearer pair that opens GET /me; the email is matched case-insensitively', async () => {
      const res = await http()
        .post('/auth/login')
        .send({ email: fan.email.toUpperCase(), password: fan.password })
        .expect(200);
      expect(res.body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 900,
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        refreshToken: expect.any(String),
        user: { id: fan.id, email: fan.email, role: 'fan' },
      });
      const profile = await me(`Bearer ${res.body.accessToken}`).expect(200);
      expect(profile.body).toEqual(expect.objectContaining({ id: fan.id, email: fan.email }));
      expect(profile.body).not.toHaveProperty('passwordHash');
    });

    it('caches the new session at login, so its first requests read no Postgres', async () => {
      const session = await login(ctx.app, fan.email, fan.password);
      const redis = new Redis(process.env.REDIS_URL ?? '', {
        keyPrefix: `${process.env.REDIS_PREFIX}:`,
      });
      try {
        expect(await redis.get(`auth:session:${sessionOf(session.accessToken)}`)).toBe(
          `active:${fan.id}`,
        );
        expect(await redis.ttl(`auth:session:${sessionOf(session.accessToken)}`)).toBeGreaterThan(
          800,
        );
      } finally {
        redis.disconnect();
      }
    });

    it('stores refresh tokens only as hashes', async () => {
      const { rows } = await ctx.db.query<{ token_hash: string }>(
        'SELECT token_hash FROM refresh_tokens',
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(row.token_hash).not.toBe(fan.refreshToken);
      }
    });
  });

  describe('access tokens that must be refused', () => {
    const secret = (): string => process.env.JWT_SECRET ?? '';
    const claims = () => ({ sub: fan.id, sid: sessionOf(fan.accessToken), typ: 'access' });

    it('no token → 401 UNAUTHENTICATED', async () => {
      const res = await http().get('/me').expect(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });

    it.each([
      ['a tampered payload', () => tamper(fan.accessToken)],
      [
        'another key',
        () => sign(claims(), 'x'.repeat(40), { expiresIn: 60, issuer: ISSUER, audience: AUDIENCE }),
      ],
      [
        'alg none',
        () => sign(claims(), '', { algorithm: 'none', issuer: ISSUER, audience: AUDIENCE }),
      ],
      [
        'another audience',
        () => sign(claims(), secret(), { expiresIn: 60, issuer: ISSUER, audience: 'elsewhere' }),
      ],
      [
        'not an access token',
        () =>
          sign({ ...claims(), typ: 'refresh' }, secret(), {
            expiresIn: 60,
            issuer: ISSUER,
            audience: AUDIENCE,
          }),
      ],
      ['garbage', () => 'not.a.jwt'],
    ])('%s → 401 TOKEN_INVALID', async (_case, token) => {
      const res = await me(`Bearer ${token()}`).expect(401);
      expect(res.body.error.code).toBe('TOKEN_INVALID');
    });

    it('an expired token → 401 TOKEN_EXPIRED', async () => {
      const expired = sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 10 }, secret(), {
        issuer: ISSUER,
        audience: AUDIENCE,
      });
      const res = await me(`Bearer ${expired}`).expect(401);
      expect(res.body.error.code).toBe('TOKEN_EXPIRED');
    });
  });

  describe('refresh rotation', () => {
    it('rotates: the new pair works and the old refresh token is spent', async () => {
      const first = await login(ctx.app, fan.email, fan.password);
      const next = await http()
        .post('/auth/refresh')
        .send({ refreshToken: first.refreshToken })
        .expect(200);
      expect(next.body.refreshToken).not.toBe(first.refreshToken);
      await me(`Bearer ${next.body.accessToken}`).expect(200);
    });

    it('reuse of a spent token ends the whole family, including tokens rotated from it', async () => {
      const first = await login(ctx.app, fan.email, fan.password);
      const second = await http()
        .post('/auth/refresh')
        .send({ refreshToken: first.refreshToken })
        .expect(200);

      const replay = await http()
        .post('/auth/refresh')
        .send({ refreshToken: first.refreshToken })
        .expect(401);
      expect(replay.body.error.code).toBe('REFRESH_TOKEN_REUSED');

      const descendant = await http()
        .post('/auth/refresh')
        .send({ refreshToken: second.body.refreshToken })
        .expect(401);
      expect(descendant.body.error.code).toBe('SESSION_REVOKED');
      for (const token of [first.accessToken, second.body.accessToken as string]) {
        expect((await me(`Bearer ${token}`).expect(401)).body.error.code).toBe('SESSION_REVOKED');
      }
      const { rows } = await ctx.db.query<{ revoked_reason: string }>(
        'SELECT revoked_reason FROM auth_sessions WHERE id = $1',
        [sessionOf(first.accessToken)],
      );
      expect(rows).toEqual([{ revoked_reason: 'refresh_token_reuse' }]);
    });

    it('twelve clients racing one refresh token: exactly one rotation, then the family is dead', async () => {
      const start = await login(ctx.app, fan.email, fan.password);
      const results = await Promise.all(
        Array.from({ length: 12 }, () =>
          http().post('/auth/refresh').send({ refreshToken: start.refreshToken }),
        ),
      );
      const ok = results.filter((r) => r.status === 200);
      expect(ok).toHaveLength(1);
      expect(results.filter((r) => r.status === 401)).toHaveLength(11);
      const { rows } = await ctx.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM refresh_tokens t JOIN auth_sessions s ON s.id = t.session_id
          WHERE s.id = $1`,
        [sessionOf(start.accessToken)],
      );
      expect(Number(rows[0].n)).toBe(2);
      await me(`Bearer ${ok[0].body.accessToken}`).expect(401);
    });

    it('an unknown refresh token → 401 REFRESH_TOKEN_INVALID; a malformed body → 400', async () => {
      const res = await http()
        .post('/auth/refresh')
        .send({ refreshToken: 'A'.repeat(43) })
        .expect(401);
      expect(res.body.error.code).toBe('REFRESH_TOKEN_INVALID');
      await http().post('/auth/refresh').send({ refreshToken: 42 }).expect(400);
    });
  });

  describe('logout and password change', () => {
    it('logout ends that session only', async () => {
      const a = await login(ctx.app, fan.email, fan.password);
      const b = await login(ctx.app, fan.email, fan.password);
      await http().post('/auth/logout').set('authorization', a.bearer).expect(204);
      expect((await me(a.bearer).expect(401)).body.error.code).toBe('SESSION_REVOKED');
      await http().post('/auth/refresh').send({ refreshToken: a.refreshToken }).expect(401);
      await me(b.bearer).expect(200);
    });

    it('a password change ends every session and signs this client in anew', async () => {
      const account = await createAccount(ctx.app, ctx.db);
      const other = await login(ctx.app, account.email, account.password);
      const wrong = await http()
        .post('/auth/password')
        .set('authorization', account.bearer)
        .send({ currentPassword: 'not it at all', newPassword: 'a brand new password' })
        .expect(403);
      expect(wrong.body.error.code).toBe('CURRENT_PASSWORD_WRONG');
      await me(other.bearer).expect(200);

      const changed = await http()
        .post('/auth/password')
        .set('authorization', account.bearer)
        .send({ currentPassword: account.password, newPassword: 'a brand new password' })
        .expect(200);
      await me(account.bearer).expect(401);
      await me(other.bearer).expect(401);
      await http().post('/auth/refresh').send({ refreshToken: other.refreshToken }).expect(401);
      await me(`Bearer ${changed.body.accessToken}`).expect(200);
      await http()
        .post('/auth/login')
        .send({ email: account.email, password: account.password })
        .expect(401);
      await login(ctx.app, account.email, 'a brand new password');
    });
  });

  describe('revocation holds without the cache', () => {
    it('a revoked session stays refused after Redis loses its keys', async () => {
      const session = await login(ctx.app, fan.email, fan.password);
      await me(session.bearer).expect(200); // warms the cache with "active"
      await http().post('/auth/logout').set('authorization', session.bearer).expect(204);
      const redis = new Redis(process.env.REDIS_URL ?? '');
      try {
        const keys = await redis.keys(`${process.env.REDIS_PREFIX}:auth:*`);
        expect(keys.length).toBeGreaterThan(0);
        await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
      expect((await me(session.bearer).expect(401)).body.error.code).toBe('SESSION_REVOKED');
    });
  });
});

/** The session id inside an access token (its `sid` claim). */
function sessionOf(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as {
    sid: string;
  };
  return payload.sid;
}

/** Changes one claim and keeps the original signature. */
function tamper(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
    string,
    unknown
  >;
  claims.exp = Number(claims.exp) + 3600;
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}
