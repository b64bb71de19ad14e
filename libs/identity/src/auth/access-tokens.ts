import { canonicalUuid } from '@limited-run/platform';
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
}

export const ACCESS_TOKEN_TYPE = 'access';

/**
 * Short-lived HS256 JWTs. They carry no role or status: the guard reads those from the
 * account on every request, so a suspension or demotion takes effect at once.
 */
@Injectable()
export class AccessTokens {
  constructor(private readonly jwt: JwtService) {}

  sign(claims: AccessClaims): Promise<string> {
    return this.jwt.signAsync({
      sub: claims.userId,
      sid: claims.sessionId,
      typ: ACCESS_TOKEN_TYPE,
    });
  }

  async verify(token: string): Promise<AccessClaims> {
    let payload: JwtPayload;
    try {
      // Algorithm, issuer and audience are pinned in the module's verify options.
      payload = await this.jwt.verifyAsync<JwtPayload>(token);
    } catch (error) {
      if (error instanceof Error && error.name === 'TokenExpiredError') {
        throw new AccessTokenExpiredError();
      }
      throw new AccessTokenInvalidError();
    }
    const { sub, sid, typ, exp } = payload;
    if (typeof sub !== 'string' || typeof sid !== 'string' || typ !== ACCESS_TOKEN_TYPE) {
      throw new AccessTokenInvalidError();
    }
    // jsonwebtoken checks `exp` only when present: a token without one would never die.
    if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new AccessTokenInvalidError();
    const userId = canonicalUuid(sub);
    const sessionId = canonicalUuid(sid);
    if (!userId || !sessionId) throw new AccessTokenInvalidError();
    return { userId, sessionId };
  }
}
