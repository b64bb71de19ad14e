// The browser's session: the refresh token only in an HttpOnly, Secure, SameSite=Strict cookie
// scoped to /auth/refresh, accepted there only from this site's own page.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { useApiOnTestDatabase } from './support/test-app';

const COOKIE_TRANSPORT = { 'x-session-transport': 'cookie' };

function refreshCookie(res: request.Response): string {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = cookies.find((c) => c.startsWith('lr_refresh='));
  if (!cookie) throw new Error(`no refresh cookie in ${JSON.stringify(cookies)}`);
  return cookie;
}

describe('the browser refresh cookie', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());

  async function signUpInBrowser(): Promise<{ cookie: string; accessToken: string }> {
    const res = await http()
      .post('/auth/signup')
      .set(COOKIE_TRANSPORT)
      .send({
        email: `b-${randomUUID()}@example.com`,
        password: 'a long password',
        displayName: 'B',
      })
      .expect(201);
    // Script in the page never sees the refresh token: it is only in the cookie.
    expect(res.body.refreshToken).toBeUndefined();
    expect(res.body.accessToken).toEqual(expect.any(String));
    const cookie = refreshCookie(res);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/auth\/refresh/);
    return { cookie: cookie.split(';')[0], accessToken: res.body.accessToken };
  }

  it('sign-up sets it; the refresh route accepts it from our page and rotates it', async () => {
    const { cookie } = await signUpInBrowser();
    const same = await http()
      .post('/auth/refresh')
      .set(COOKIE_TRANSPORT)
      .set('cookie', cookie)
      .send({});
    expect(same.status).toBe(200);
    expect(same.body.refreshToken).toBeUndefined();
    const rotated = refreshCookie(same).split(';')[0];
    expect(rotated).not.toBe(cookie);
    await http().get('/me').set('authorization', `Bearer ${same.body.accessToken}`).expect(200);
  });

  it('refuses the cookie without the transport header (a cross-site form cannot send one), keeping the session', async () => {
    const { cookie } = await signUpInBrowser();
    const forged = await http().post('/auth/refresh').set('cookie', cookie).send({}).expect(403);
    expect(forged.body.error.code).toBe('REFRESH_COOKIE_REFUSED');
    // The refused request used nothing up: the page's own refresh still works.
    await http()
      .post('/auth/refresh')
      .set(COOKIE_TRANSPORT)
      .set('cookie', cookie)
      .send({})
      .expect(200);
  });

  it('refuses the cookie from another origin', async () => {
    const { cookie } = await signUpInBrowser();
    const res = await http()
      .post('/auth/refresh')
      .set(COOKIE_TRANSPORT)
      .set('cookie', cookie)
      .set('origin', 'https://evil.example')
      .send({})
      .expect(403);
    expect(res.body.error.code).toBe('REFRESH_COOKIE_REFUSED');
  });

  it('is read by no other route: a cookie alone does not sign a request in', async () => {
    const { cookie } = await signUpInBrowser();
    const res = await http().get('/me').set('cookie', cookie).expect(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('logout ends the session and clears the cookie', async () => {
    const { cookie, accessToken } = await signUpInBrowser();
    const out = await http()
      .post('/auth/logout')
      .set('authorization', `Bearer ${accessToken}`)
      .expect(204);
    expect(refreshCookie(out)).toMatch(/^lr_refresh=;/);
    const again = await http()
      .post('/auth/refresh')
      .set(COOKIE_TRANSPORT)
      .set('cookie', cookie)
      .send({});
    expect(again.status).toBe(401);
  });

  it('without a cookie or a body token, says the token is missing', async () => {
    const res = await http().post('/auth/refresh').set(COOKIE_TRANSPORT).send({}).expect(401);
    expect(res.body.error.code).toBe('REFRESH_TOKEN_MISSING');
  });
});
