import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IssuedTokens } from '../dto/token-pair.response';
import { RefreshCookieRefusedError } from '../identity.errors';

/** The cookie that carries a browser's refresh token. */
export const REFRESH_COOKIE = 'lr_refresh';
/** Sent only to the one route that accepts it: no other route can be driven by the cookie. */
export const REFRESH_COOKIE_PATH = '/auth/refresh';
/**
 * A browser client asks for cookie transport with this header: its refresh token then lives only
 * in the HttpOnly cookie, never in a response body script could read. Being a custom header, it
 * also makes any cross-origin refresh a CORS preflight, which only CORS_ORIGINS pass.
 */
export const SESSION_TRANSPORT_HEADER = 'x-session-transport';

export function wantsCookieTransport(request: FastifyRequest): boolean {
  return request.headers[SESSION_TRANSPORT_HEADER] === 'cookie';
}

/** HttpOnly (no script reads it), Secure, SameSite=Strict (no cross-site request carries it). */
export function setRefreshCookie(reply: FastifyReply, issued: IssuedTokens): void {
  void reply.setCookie(REFRESH_COOKIE, issued.refreshToken, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: REFRESH_COOKIE_PATH,
    expires: issued.refreshTokenExpiresAt,
  });
}

export function clearRefreshCookie(reply: FastifyReply): void {
  void reply.clearCookie(REFRESH_COOKIE, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: REFRESH_COOKIE_PATH,
  });
}

/**
 * The refresh token from the cookie, for a request that proves it comes from our own page:
 * the transport header (which a cross-site form or image cannot send) and, when the browser
 * names an origin, one of ours. SameSite=Strict already keeps the cookie off cross-site
 * requests; these checks hold even where a browser ignores SameSite.
 */
export function refreshTokenFromCookie(
  request: FastifyRequest,
  allowedOrigins: readonly string[],
): string | undefined {
  const token = request.cookies?.[REFRESH_COOKIE];
  if (!token) return undefined;
  if (!wantsCookieTransport(request)) {
    throw new RefreshCookieRefusedError(`send the ${SESSION_TRANSPORT_HEADER}: cookie header`);
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedOrigins.includes(origin) && !isSameOrigin(request, origin)) {
    throw new RefreshCookieRefusedError(`origin ${origin} may not use it`);
  }
  return token;
}

function isSameOrigin(request: FastifyRequest, origin: string): boolean {
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
