import { createHash, randomBytes } from 'node:crypto';
import type { PlatformConfig } from '@limited-run/platform';

/** 32 random bytes in base64url: 43 characters, 256 bits, too many to guess. */
export const INVITE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export function newInviteToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps instead of the token (SHA-256, hex). */
export function hashInviteToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The console's accept page, which signs the invitee in (or up) and then accepts the token. */
export function inviteAcceptLink(config: PlatformConfig, token: string): string {
  const link = new URL(config.webUrl('/console/invites/accept'));
  link.searchParams.set('token', token);
  return link.toString();
}
