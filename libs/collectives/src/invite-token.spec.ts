import { hashInviteToken, INVITE_TOKEN_PATTERN, newInviteToken } from './invite-token';

describe('invite tokens', () => {
  it('are 43 base64url characters and differ every time', () => {
    const tokens = Array.from({ length: 50 }, () => newInviteToken());
    for (const token of tokens) expect(token).toMatch(INVITE_TOKEN_PATTERN);
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('hash to 64 hex characters, the same for the same token and never the token itself', () => {
    const token = newInviteToken();
    const hash = hashInviteToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashInviteToken(token)).toBe(hash);
    expect(hashInviteToken(newInviteToken())).not.toBe(hash);
    expect(hash).not.toContain(token);
  });
});
