import { createHmac, timingSafeEqual } from 'node:crypto';
import { PlatformConfig } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';

interface AdmissionClaims {
  /** Drop id. */
  d: string;
  /** User id. */
  u: string;
  /** Expiry, epoch ms. */
  e: number;
}

const b64 = (buffer: Buffer): string => buffer.toString('base64url');

/**
 * Short-lived tokens saying "this fan was let through this drop's waiting room until e".
 * HMAC-SHA256 under a key derived from JWT_SECRET (which every API process shares), so any
 * process verifies them without a lookup; a distinct derivation keeps them from ever passing
 * for access tokens or the other way round.
 */
@Injectable()
export class AdmissionTokens {
  private readonly key: Buffer | null;

  constructor(config: PlatformConfig) {
    const secret = config.get('JWT_SECRET');
    this.key = secret
      ? createHmac('sha256', secret).update('limited-run/waiting-room-admission/v1').digest()
      : null;
  }

  sign(dropId: string, userId: string, expiresAt: Date): string {
    const body = b64(Buffer.from(JSON.stringify({ d: dropId, u: userId, e: expiresAt.getTime() })));
    return `${body}.${b64(this.mac(body))}`;
  }

  /** Why the token does not admit this fan to this drop now, or null if it does. */
  problem(token: string, dropId: string, userId: string, now = Date.now()): string | null {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return 'the access token is malformed';
    const expected = this.mac(body);
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return 'the access token is not ours';
    }
    let claims: AdmissionClaims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as AdmissionClaims;
    } catch {
      return 'the access token is malformed';
    }
    if (claims.d !== dropId) return 'the access token is for another drop';
    if (claims.u !== userId) return 'the access token is for another fan';
    if (!(typeof claims.e === 'number' && claims.e > now)) return 'the access token has expired';
    return null;
  }

  private mac(body: string): Buffer {
    // Only the API signs and verifies; the worker, which has no JWT_SECRET, never does.
    if (!this.key) throw new Error('admission tokens need JWT_SECRET');
    return createHmac('sha256', this.key).update(body).digest();
  }
}
