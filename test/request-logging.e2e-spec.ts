import { ApiProcess, spawnApi } from './support/api-process';
import { createTestDatabase, eventually } from './support/test-app';

// Spawns apps through ts-node, which compiles their imports on each start: slow on a busy machine.
jest.setTimeout(180_000);

/** The API as a real process, so the test reads exactly what it writes to stdout. */
describe('logs are JSON lines carrying the request id', () => {
  let api: ApiProcess;
  let port: string;
  let lines: string[];

  beforeAll(async () => {
    await createTestDatabase();
    api = await spawnApi({ LOG_LEVEL: 'info' });
    port = new URL(api.url).port;
    lines = api.lines;
  });

  afterAll(() => api?.stop());

  it('logs each request once, under the id the client sent or one it was given, and never the password', async () => {
    const signUp = await fetch(`http://127.0.0.1:${port}/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-logs-1' },
      body: JSON.stringify({
        email: 'log@example.com',
        password: 'hunter2 hunter2',
        displayName: 'Log',
      }),
    });
    expect(signUp.status).toBe(201);
    const missing = await fetch(`http://127.0.0.1:${port}/no-such-route`);
    const givenId = missing.headers.get('x-request-id');
    expect(givenId).toMatch(/^[0-9a-f-]{36}$/);

    type Entry = { req?: { id: string; url: string }; msg: string };
    const completedFor = (id: string | null): Entry[] =>
      lines
        .map((l) => JSON.parse(l) as Entry)
        .filter((e) => e.msg === 'request completed' && e.req?.id === id);
    await eventually(() => Promise.resolve(completedFor(givenId).length > 0 ? true : undefined));
    expect(completedFor('trace-logs-1').map((e) => e.req?.url)).toEqual(['/auth/signup']);
    expect(completedFor(givenId).map((e) => e.req?.url)).toEqual(['/no-such-route']);
    expect(lines.every((l) => l.startsWith('{'))).toBe(true);
    expect(lines.join('\n')).not.toContain('hunter2');
  });

  it('never logs a password or a token, through login, refresh, an authenticated call and failures', async () => {
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`http://127.0.0.1:${port}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const password = 'sekret-pass-phrase-42';
    expect(
      (await post('/auth/signup', { email: 'tok@example.com', password, displayName: 'Tok' }))
        .status,
    ).toBe(201);
    const loggedIn = await post('/auth/login', { email: 'tok@example.com', password });
    expect(loggedIn.status).toBe(200);
    const pair = (await loggedIn.json()) as { accessToken: string; refreshToken: string };
    const refreshed = await post('/auth/refresh', { refreshToken: pair.refreshToken });
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as { accessToken: string; refreshToken: string };
    const meRes = await fetch(`http://127.0.0.1:${port}/me`, {
      headers: { authorization: `Bearer ${next.accessToken}`, 'x-request-id': 'trace-logs-me' },
    });
    expect(meRes.status).toBe(200);
    // Failures log more (the error filter); a reused token and a wrong password are failures.
    expect((await post('/auth/refresh', { refreshToken: pair.refreshToken })).status).toBe(401);
    expect(
      (await post('/auth/login', { email: 'tok@example.com', password: `${password}-wrong` }))
        .status,
    ).toBe(401);
    expect(
      (
        await post(
          '/auth/password',
          { currentPassword: password, newPassword: 'x' },
          { authorization: `Bearer ${pair.accessToken}` },
        )
      ).status,
    ).toBe(401);

    type Entry = { req?: { id: string }; msg: string };
    await eventually(() =>
      Promise.resolve(
        lines.some((l) => (JSON.parse(l) as Entry).req?.id === 'trace-logs-me') ? true : undefined,
      ),
    );
    const log = lines.join('\n');
    for (const secret of [
      password,
      pair.accessToken,
      pair.refreshToken,
      next.accessToken,
      next.refreshToken,
      // A token's signature alone would be enough to replay it.
      next.accessToken.split('.')[2],
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});
