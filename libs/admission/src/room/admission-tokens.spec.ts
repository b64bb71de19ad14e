import type { PlatformConfig } from '@limited-run/platform';
import { AdmissionTokens } from './admission-tokens';

const config = (secret?: string) =>
  ({
    get: (key: string) => (key === 'JWT_SECRET' ? secret : undefined),
  }) as unknown as PlatformConfig;

describe('AdmissionTokens', () => {
  const tokens = new AdmissionTokens(config('s'.repeat(40)));
  const later = new Date(Date.now() + 60_000);

  it('admits the fan it was issued to, on the drop it was issued for, until it expires', () => {
    const token = tokens.sign('drop-1', 'fan-1', later);
    expect(tokens.problem(token, 'drop-1', 'fan-1')).toBeNull();
    expect(tokens.problem(token, 'drop-2', 'fan-1')).toBe('the access token is for another drop');
    expect(tokens.problem(token, 'drop-1', 'fan-2')).toBe('the access token is for another fan');
    expect(tokens.problem(token, 'drop-1', 'fan-1', later.getTime())).toBe(
      'the access token has expired',
    );
  });

  it('refuses a token signed with another secret, altered, or malformed', () => {
    const foreign = new AdmissionTokens(config('t'.repeat(40))).sign('drop-1', 'fan-1', later);
    expect(tokens.problem(foreign, 'drop-1', 'fan-1')).toBe('the access token is not ours');
    const [body, mac] = tokens.sign('drop-1', 'fan-1', later).split('.');
    const forged = Buffer.from(JSON.stringify({ d: 'drop-1', u: 'fan-2', e: later.getTime() }));
    expect(tokens.problem(`${forged.toString('base64url')}.${mac}`, 'drop-1', 'fan-2')).toBe(
      'the access token is not ours',
    );
    expect(tokens.problem(body, 'drop-1', 'fan-1')).toBe('the access token is malformed');
    expect(tokens.problem(`${body}.${mac}.x`, 'drop-1', 'fan-1')).toBe(
      'the access token is malformed',
    );
  });

  it('cannot sign or verify without JWT_SECRET (the worker never does)', () => {
    expect(() => new AdmissionTokens(config()).sign('d', 'u', later)).toThrow(/JWT_SECRET/);
  });
});
