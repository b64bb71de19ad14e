import './support/env/payments-offline';
import Stripe from 'stripe';
import { ApiProcess, spawnApi } from './support/api-process';
import { createTestDatabase, eventually } from './support/test-app';

// Spawns the API through ts-node, which compiles its imports on start: slow on a busy machine.
jest.setTimeout(180_000);

const EMAIL = 'private.person@example.com';
const OTHER_EMAIL = 'someone.else@example.org';
const PASSWORD = 'correct horse battery staple';

/** What must never appear in a log line, whatever failed. */
const LEAKS: Array<[string, RegExp]> = [
  ['an email address', /[\w.+-]+@[\w-]+\.(com|org)/],
  ['an argon2 hash', /\$argon2/],
  ['a JWT', /eyJ[\w-]+\.[\w-]+\./],
  ['a Stripe signature', /v1=[0-9a-f]{64}/],
  ['a webhook secret', /whsec_/],
  ['the password', new RegExp(PASSWORD)],
];

/**
 * Provokes each kind of failure the API logs (validation, authentication, a refused webhook, a
 * signed body that is not an event, a 404 carrying secrets in its query string) and scans the
 * API's own stdout for personal data and secrets.
 */
describe('logs carry no personal data or secrets, whatever fails', () => {
  let api: ApiProcess;
  let base: string;

  beforeAll(async () => {
    await createTestDatabase();
    api = await spawnApi({ LOG_LEVEL: 'debug' });
    base = api.url.replace('[::1]', '127.0.0.1');
  });
  afterAll(() => api?.stop());

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('logs requests, refusals and webhooks without emails, hashes, tokens or signatures', async () => {
    const signUp = { email: EMAIL, password: PASSWORD, displayName: 'Private' };
    expect((await post('/auth/signup', JSON.stringify(signUp))).status).toBe(201);
    // The same email again: a conflict on a unique column.
    expect((await post('/auth/signup', JSON.stringify(signUp))).status).toBeLessThan(500);
    const login = await post('/auth/login', JSON.stringify({ email: EMAIL, password: PASSWORD }));
    const { accessToken } = (await login.json()) as { accessToken: string };
    // Validation failures that quote the input.
    await post('/auth/signup', JSON.stringify({ ...signUp, email: `${OTHER_EMAIL}\u0000` }));
    await post('/auth/login', JSON.stringify({ email: OTHER_EMAIL, password: 'wrong password!' }));
    // Secrets in a query string, on a route that does not exist and on one that refuses.
    await fetch(`${base}/nowhere?email=${OTHER_EMAIL}&token=${accessToken}`);
    await fetch(`${base}/drops?collective=${OTHER_EMAIL}&access_token=${accessToken}`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    // A webhook whose signature does not verify, carrying personal data in its payload.
    const payload = JSON.stringify({
      id: 'evt_leak',
      type: 'checkout.session.completed',
      data: { object: { customer_email: OTHER_EMAIL } },
    });
    const forged = Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_forged' });
    expect((await post('/webhooks/stripe', payload, { 'stripe-signature': forged })).status).toBe(
      400,
    );
    // A correctly signed body that is not an event.
    const secret = (process.env.STRIPE_WEBHOOK_SECRETS ?? '').split(',')[0];
    const notAnEvent = JSON.stringify({ customer_email: OTHER_EMAIL });
    const signed = Stripe.webhooks.generateTestHeaderString({ payload: notAnEvent, secret });
    expect(
      (await post('/webhooks/stripe', notAnEvent, { 'stripe-signature': signed })).status,
    ).toBe(400);

    await eventually(() =>
      Promise.resolve(
        api.lines.some((l) => l.includes('not an event') || l.includes('rejected_webhooks'))
          ? true
          : undefined,
      ),
    );
    expect(api.lines.length).toBeGreaterThan(8);
    const found = LEAKS.flatMap(([what, leak]) => {
      const line = api.lines.find((l) => leak.test(l));
      return line ? [`${what}: ${line.slice(0, 400)}`] : [];
    });
    expect(found).toEqual([]);
  });
});
