import { ConfigValidationError, validateEnvironment } from '@limited-run/platform';
import { parseWebhookSecrets, stripeClientOptions } from './stripe-client-options';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/lr' };

function problemsOf(raw: Record<string, string>): string[] {
  try {
    validateEnvironment({ ...base, ...raw });
    return [];
  } catch (error) {
    return (error as ConfigValidationError).problems;
  }
}

describe('Stripe configuration', () => {
  it('talks to https://api.stripe.com unless told otherwise', () => {
    const env = validateEnvironment({ ...base, STRIPE_SECRET_KEY: 'sk_live_abc123' });
    expect(stripeClientOptions(env)).toMatchObject({
      apiVersion: '2026-10-28.endive',
      maxNetworkRetries: 2,
      timeout: 10_000,
    });
    expect(stripeClientOptions(env)).not.toHaveProperty('host');
  });

  it('allows plain http to a loopback stand-in with a test key', () => {
    const env = validateEnvironment({
      ...base,
      STRIPE_SECRET_KEY: 'sk_test_abc',
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: '12111',
      STRIPE_API_PROTOCOL: 'http',
    });
    expect(stripeClientOptions(env)).toMatchObject({
      host: '127.0.0.1',
      port: 12111,
      protocol: 'http',
    });
  });

  it('refuses http to a host that is not loopback', () => {
    expect(
      problemsOf({ STRIPE_API_HOST: 'stripe.internal.example', STRIPE_API_PROTOCOL: 'http' }),
    ).toEqual([
      expect.stringMatching(/^STRIPE_API_PROTOCOL: http is only allowed for a loopback host/),
    ]);
  });

  it('refuses a live key with any host but api.stripe.com, naming no part of the key', () => {
    const problems = problemsOf({
      STRIPE_SECRET_KEY: 'sk_live_supersecret',
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PROTOCOL: 'https',
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^STRIPE_API_HOST: a live key may only be sent to api\.stripe\.com, not "127\.0\.0\.1"/,
      ),
    ]);
    expect(problems.join('\n')).not.toContain('supersecret');
  });

  it('refuses malformed keys and secrets without echoing them', () => {
    const problems = problemsOf({
      STRIPE_SECRET_KEY: 'pk_live_publishable',
      STRIPE_WEBHOOK_SECRETS: 'whsec_a,nope',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRETS',
    ]);
    expect(problems.join('\n')).not.toMatch(/publishable|nope/);
  });

  it('reads several webhook secrets for a rotation', () => {
    expect(parseWebhookSecrets(' whsec_a , whsec_b ')).toEqual(['whsec_a', 'whsec_b']);
    expect(parseWebhookSecrets(undefined)).toEqual([]);
  });
});
