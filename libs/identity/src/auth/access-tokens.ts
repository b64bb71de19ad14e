import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { canonicalUuid, PlatformConfig } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AccessTokenExpiredError, AccessTokenInvalidError } from '../identity.errors';

/** What an access token says: whose it is and which session it belongs to. Nothing else. */
export interface AccessClaims {
  userId: string;
  sessionId: string;
}

interface JwtPayload {
  sub?: unknown;
  sid?: unknown;
  typ?: unknown;
  exp?: unknown;
  nbf?: unknown;
  iat?: unknown;
  iss?: unknown;
  aud?: unknown;
}

export const ACCESS_TOKEN_TYPE = 'access';
export const ACCESS_TOKEN_ISSUER = 'limited-run';
export const ACCESS_TOKEN_AUDIENCE = 'limited-run-api';

const isClaims = (value: unknown): value is JwtPayload =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** How many verified tokens one process remembers (~0.5 KB each). */
const VERIFIED_TOKENS_KEPT = 20_000;

interface VerifiedToken {
  claims: AccessClaims;
  exp: number;
  nbf?: number;
}
/** The only header we sign (`{"alg":"HS256","typ":"JWT"}`): any other is refused unread. */
const HS256_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString(
  'base64url',
);

/**
 * Short-lived HS256 JWTs. They carry no role or status: the guard reads those from the
 * account on every request, so a suspension or demotion takes effect at once.
 *
 * Signed with jsonwebtoken (through JwtService); verified here with one HMAC and a
 * timing-safe compare, because verify runs on every request of a drop's opening and
 * jsonwebtoken's layers cost ~56 µs of it (docs/benchmarks.md, "Declines at the ceiling").
 * The same rules hold: algorithm pinned to HS256 (the header is compared byte for byte, so
 * `alg: none` or another algorithm never verifies), issuer, audience, `exp` required and
 * enforced, `nbf` and `iat` checked when present.
 */
@Injectable()
export class AccessTokens {
  private readonly key: KeyObject;
  /**
   * Tokens already verified, with what they say: at an opening each fan sends the same token
   * again and again, and the HMAC, base64 and JSON of a full check were ~9 % of a declined
   * hold's CPU (docs/benchmarks.md, "Declines at the ceiling"). Keyed by the whole token, so
   * only the exact bytes that verified are let through; expiry and `nbf` are checked on every
   * use. Bounded: the oldest entry goes first.
   */
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    private readonly jwt: JwtService,
    config: PlatformConfig,
  ) {
    this.key = createSecretKey(Buffer.from(config.get('JWT_SECRET') ?? '', 'utf8'));
  }

  sign(claims: AccessClaims): Promise<string> {
    return this.jwt.signAsync({
      sub: claims.userId,
      sid: claims.sessionId,
      typ: ACCESS_TOKEN_TYPE,
    });
  }

  /** Async like the signer, so callers need not change if verification ever moves. */
  verify(token: string): Promise<AccessClaims> {
    // A throw inside the executor rejects the promise with the refusal.
    return new Promise((resolve) => resolve(this.verifyNow(token)));
  }

  private verifyNow(token: string, nowSeconds = Date.now() / 1000): AccessClaims {
    const known = this.verified.get(token);
    if (known) {
      // The same bytes were verified before: only time can have changed the answer.
      if (nowSeconds >= known.exp) throw new AccessTokenExpiredError();
      if (known.nbf !== undefined && known.nbf > nowSeconds) throw new AccessTokenInvalidError();
      return known.claims;
    }
    const payload = this.signedPayload(token);
    const claims = this.claimsOf(payload, nowSeconds);
    this.remember(token, {
      claims,
      exp: payload.exp as number,
      nbf: typeof payload.nbf === 'number' ? payload.nbf : undefined,
    });
    return claims;
  }

  private remember(token: string, entry: VerifiedToken): void {
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, entry);
  }

  private claimsOf(payload: JwtPayload, nowSeconds: number): AccessClaims {
    const { sub, sid, typ, exp, nbf, iat, iss, aud } = payload;
    if (typeof sub !== 'string' || typeof sid !== 'string' || typ !== ACCESS_TOKEN_TYPE) {
      throw new AccessTokenInvalidError();
    }
    if (iss !== ACCESS_TOKEN_ISSUER) throw new AccessTokenInvalidError();
    const audiences: unknown[] = Array.isArray(aud) ? aud : [aud];
    if (!audiences.includes(ACCESS_TOKEN_AUDIENCE)) throw new AccessTokenInvalidError();
    if (iat !== undefined && typeof iat !== 'number') throw new AccessTokenInvalidError();
    if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds)) {
      throw new AccessTokenInvalidError();
    }
    // Required: a token without `exp` would never die.
    if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new AccessTokenInvalidError();
    if (nowSeconds >= exp) throw new AccessTokenExpiredError();
    const userId = canonicalUuid(sub);
    const sessionId = canonicalUuid(sid);
    if (!userId || !sessionId) throw new AccessTokenInvalidError();
    return { userId, sessionId };
  }

  /** The payload of a token whose header is ours and whose signature is our key's. */
  private signedPayload(token: string): JwtPayload {
    const [header, body, signature, extra] = token.split('.');
    if (
      extra !== undefined ||
      header !== HS256_HEADER ||
      !body ||
      !signature ||
      !SEGMENT.test(body) ||
      !SEGMENT.test(signature)
    ) {
      throw new AccessTokenInvalidError();
    }
    const expected = createHmac('sha256', this.key).update(`${header}.${body}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AccessTokenInvalidError();
    }
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw new AccessTokenInvalidError();
    }
    if (!isClaims(payload)) throw new AccessTokenInvalidError();
    return payload;
  }
}
