import { sign } from 'jsonwebtoken';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { useApiOnTestDatabase } from './support/test-app';

const ISSUER = 'limited-run';
const AUDIENCE = 'limited-run-api';

const sessionOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sid: string }).sid;

describe('an access token is accepted only with an expiry and only for its own session', () => {
  const ctx = useApiOnTestDatabase();
  const me = (token: string) =>
    request(ctx.app.getHttpServer()).get('/me').set('authorization', `Bearer ${token}`);
  const secret = (): string => process.env.JWT_SECRET ?? '';
  let alice: TestAccount;
  let bob: TestAccount;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([
      createAccount(ctx.app, ctx.db),
      createAccount(ctx.app, ctx.db),
    ]);
    // Both sessions are in the auth cache, as at a drop opening: the cached path is the one tested.
    await me(alice.accessToken).expect(200);
    await me(bob.accessToken).expect(200);
  });

  it('refuses a correctly signed token that carries no exp', async () => {
    const forever = sign(
      { sub: alice.id, sid: sessionOf(alice.accessToken), typ: 'access' },
      secret(),
      { issuer: ISSUER, audience: AUDIENCE, noTimestamp: true },
    );
    const res = await me(forever).expect(401);
    expect(res.body.error.code).toBe('TOKEN_INVALID');
  });

  it("refuses one user's id paired with another user's live session", async () => {
    const crossed = sign(
      { sub: alice.id, sid: sessionOf(bob.accessToken), typ: 'access' },
      secret(),
      {
        expiresIn: 60,
        issuer: ISSUER,
        audience: AUDIENCE,
      },
    );
    const res = await me(crossed).expect(401);
    expect(res.body.error.code).toBe('TOKEN_INVALID');
    // Asking twice: the refusal does not depend on whether Postgres or Redis answered.
    await me(crossed).expect(401);
  });

  it('still accepts each user with their own session, with an upper-case id spelling too', async () => {
    expect((await me(alice.accessToken).expect(200)).body.id).toBe(alice.id);
    const upper = sign(
      { sub: bob.id.toUpperCase(), sid: sessionOf(bob.accessToken).toUpperCase(), typ: 'access' },
      secret(),
      { expiresIn: 60, issuer: ISSUER, audience: AUDIENCE },
    );
    expect((await me(upper).expect(200)).body.id).toBe(bob.id);
  });
});
