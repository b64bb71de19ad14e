import { randomUUID } from 'node:crypto';
import type { PlatformConfig } from '@limited-run/platform';
import { JwtService } from '@nestjs/jwt';
import { sign } from 'jsonwebtoken';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, AccessTokens } from './access-tokens';

const SECRET = 'a-test-secret-of-enough-length-for-hs256';

const tokensWith = (secret: string): AccessTokens =>
  new AccessTokens(new JwtService({ secret }), {
    get: () => secret,
  } as unknown as PlatformConfig);

const accessToken = (claims: Record<string, unknown>, secret = SECRET): string =>
  sign({ sub: randomUUID(), sid: randomUUID(), typ: 'access', ...claims }, secret, {
    issuer: ACCESS_TOKEN_ISSUER,
    audience: ACCESS_TOKEN_AUDIENCE,
  });

// A verified token is remembered (the hold route sees the same token again and again): these
// prove that remembering never lets through what a full check would refuse.
describe('AccessTokens remembers verified tokens without widening what verifies', () => {
  afterEach(() => jest.useRealTimers());

  it('refuses a remembered token once it has expired', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-04T12:00:00Z') });
    const tokens = tokensWith(SECRET);
    const exp = Math.floor(Date.now() / 1000) + 60;
    const token = accessToken({ exp });
    await expect(tokens.verify(token)).resolves.toMatchObject({});
    await expect(tokens.verify(token)).resolves.toMatchObject({});
    jest.setSystemTime((exp + 1) * 1000);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('refuses a remembered token before its nbf, and accepts it from then on', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-04T12:00:00Z') });
    const tokens = tokensWith(SECRET);
    const now = Math.floor(Date.now() / 1000);
    const token = accessToken({ exp: now + 600, nbf: now + 30 });
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    jest.setSystemTime((now + 31) * 1000);
    await expect(tokens.verify(token)).resolves.toMatchObject({});
    jest.setSystemTime((now + 10) * 1000);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('answers a remembered token with its own claims, and checks any other bytes in full', async () => {
    const tokens = tokensWith(SECRET);
    const sub = randomUUID();
    const sid = randomUUID();
    const token = accessToken({ sub, sid, exp: Math.floor(Date.now() / 1000) + 600 });
    await expect(tokens.verify(token)).resolves.toEqual({ userId: sub, sessionId: sid });
    await expect(tokens.verify(token)).resolves.toEqual({ userId: sub, sessionId: sid });
    // Same header and claims, another signature: not the bytes that verified.
    const [header, body] = token.split('.');
    const forged = `${header}.${body}.${Buffer.alloc(32).toString('base64url')}`;
    await expect(tokens.verify(forged)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    // Signed with another key.
    const foreign = accessToken({ sub, sid, exp: Math.floor(Date.now() / 1000) + 600 }, 'other');
    await expect(tokens.verify(foreign)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });
});
