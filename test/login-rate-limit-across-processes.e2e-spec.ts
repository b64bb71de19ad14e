import { ApiProcess, spawnApi } from './support/api-process';
import { createTestDatabase } from './support/test-app';

// Spawns apps through ts-node, which compiles their imports on each start: slow on a busy machine.
jest.setTimeout(180_000);

const LIMIT = 5;

/**
 * Credential stuffing meets one budget per client however many API processes serve it: the
 * counters live in Redis, shared by every process with the same REDIS_PREFIX.
 */
describe('repeated bad logins are throttled across two API processes', () => {
  let apis: ApiProcess[] = [];

  beforeAll(async () => {
    await createTestDatabase();
    const env = { RATE_LIMIT_AUTH: `${LIMIT}/60`, LOG_LEVEL: 'silent' };
    apis = await Promise.all([spawnApi(env), spawnApi(env)]);
  });

  afterAll(() => {
    for (const api of apis) api.stop();
  });

  const badLogin = (api: ApiProcess, attempt: number) =>
    fetch(`${api.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `victim${attempt}@example.com`, password: 'guess-number-1' }),
    });

  it(`the ${LIMIT + 1}th attempt gets 429 with Retry-After, whichever process it reaches`, async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < LIMIT; attempt++) {
      // Alternate: neither process alone sees more than three of the five.
      statuses.push((await badLogin(apis[attempt % 2], attempt)).status);
    }
    expect(statuses).toEqual(Array(LIMIT).fill(401));

    for (const api of apis) {
      const throttled = await badLogin(api, 99);
      expect(throttled.status).toBe(429);
      const retryAfter = Number(throttled.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await throttled.json()).toEqual({
        error: expect.objectContaining({ code: 'RATE_LIMITED' }),
      });
    }
    // Signup shares the auth budget: the same client is still refused there.
    const signUp = await fetch(`${apis[1].url}/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'new@example.com',
        password: 'long enough pw',
        displayName: 'N',
      }),
    });
    expect(signUp.status).toBe(429);
  });
});
