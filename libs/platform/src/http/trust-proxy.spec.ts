import { ConfigValidationError, validateEnvironment } from '../config/environment';
import { compileTrustProxy, TrustProxyDelegate } from './trust-proxy';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/lr' };

function problemsOf(raw: Record<string, string>): string[] {
  try {
    validateEnvironment({ ...base, ...raw });
    return [];
  } catch (error) {
    return (error as ConfigValidationError).problems;
  }
}

describe('TRUST_PROXY', () => {
  it('trusts no proxy by default', () => {
    const trust = compileTrustProxy(validateEnvironment(base).TRUST_PROXY);
    expect(trust('127.0.0.1', 0)).toBe(false);
    expect(trust('10.0.0.1', 0)).toBe(false);
  });

  it('trusts the listed addresses, ranges and names only', () => {
    const trust = compileTrustProxy('loopback, 10.0.0.0/8,192.0.2.7');
    expect(trust('127.0.0.1', 0)).toBe(true);
    expect(trust('::1', 0)).toBe(true);
    expect(trust('::ffff:127.0.0.1', 0)).toBe(true);
    expect(trust('10.20.30.40', 1)).toBe(true);
    expect(trust('192.0.2.7', 0)).toBe(true);
    expect(trust('192.0.2.8', 0)).toBe(false);
    expect(trust('203.0.113.9', 0)).toBe(false);
  });

  it('with a hop count trusts that many nearest hops, whoever they are', () => {
    const trust = compileTrustProxy('2');
    expect([trust('203.0.113.9', 0), trust('203.0.113.9', 1), trust('203.0.113.9', 2)]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('true trusts every hop', () => {
    expect(compileTrustProxy('true')('203.0.113.9', 5)).toBe(true);
  });

  it.each([['everyone'], ['10.0.0.0/33'], ['10.0.0.1,,10.0.0.2'], ['300.1.1.1'], ['-1']])(
    'refuses %j at boot, naming the variable',
    (value) => {
      const problems = problemsOf({ TRUST_PROXY: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^TRUST_PROXY: must be false, true, a hop count, or a comma/);
    },
  );

  it('the delegate trusts nobody until configured, then follows the configured rule', () => {
    const delegate = new TrustProxyDelegate();
    expect(delegate.fn('127.0.0.1', 0)).toBe(false);
    delegate.use(compileTrustProxy('loopback'));
    expect(delegate.fn('127.0.0.1', 0)).toBe(true);
  });
});

describe('CORS_ORIGINS', () => {
  it('defaults to none and accepts a list of bare origins', () => {
    expect(validateEnvironment(base).CORS_ORIGINS).toBe('');
    expect(problemsOf({ CORS_ORIGINS: 'https://shop.example.com, http://localhost:5173' })).toEqual(
      [],
    );
  });

  it.each([
    ['https://shop.example.com/'],
    ['https://shop.example.com/path'],
    ['*'],
    ['ftp://x.org'],
  ])('refuses %j', (value) => {
    expect(problemsOf({ CORS_ORIGINS: value })).toEqual([
      expect.stringMatching(/^CORS_ORIGINS: must be a comma-separated list of origins/),
    ]);
  });
});
