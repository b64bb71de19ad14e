import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { perRoute } from '@limited-run/platform';
import {
  AccessTokenInvalidError,
  AccountSuspendedError,
  AuthenticationRequiredError,
  RoleRequiredError,
  SessionRevokedError,
} from '../identity.errors';
import type { UserRole } from '../user.entity';
import { AccessTokens } from './access-tokens';
import { type AuthState, AuthStateCache } from './auth-state.cache';
import { PUBLIC_ROUTE, REQUIRED_ROLES, SESSION_CHECKED_BY_ROUTE } from './auth.decorators';
import type { AuthenticatedRequest } from './principal';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * The global guard: every route needs a valid access token for an active account and a live
 * session unless it is `@Public()`, and `@Roles(...)` narrows it further. Registered once for
 * the whole app, so a new controller is protected by default.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  /** What the route's decorators ask of this guard, read once per route (see `perRoute`). */
  private readonly routeRules = perRoute((context) => {
    const targets = [context.getHandler(), context.getClass()];
    return {
      isPublic: this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true,
      sessionCheckedByRoute:
        this.reflector.getAllAndOverride<boolean>(SESSION_CHECKED_BY_ROUTE, targets) === true,
      roles: this.reflector.getAllAndOverride<UserRole[] | undefined>(REQUIRED_ROLES, targets),
    };
  });

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    private readonly states: AuthStateCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rules = this.routeRules(context);
    if (rules.isPublic) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) throw new AuthenticationRequiredError();

    const claims = await this.tokens.verify(match[1]);
    if (rules.sessionCheckedByRoute) {
      // The route checks the cached account and session in its own Redis script and calls
      // `confirm` (this guard's own checks, below) only when the cache does not answer.
      request.sessionCheck = this.states.deferredCheck(claims.userId, claims.sessionId, () =>
        this.usableState(claims.userId, claims.sessionId).then(() => undefined),
      );
      return true;
    }
    const state = await this.usableState(claims.userId, claims.sessionId);

    request.principal = { userId: claims.userId, role: state.role, sessionId: claims.sessionId };
    const { roles } = rules;
    if (roles && !roles.includes(state.role)) throw new RoleRequiredError(roles);
    return true;
  }

  /** The account and session behind a verified token, if they may still act; else the refusal. */
  private async usableState(userId: string, sessionId: string): Promise<AuthState> {
    const state = await this.states.lookup(userId, sessionId);
    if (!state) throw new AccessTokenInvalidError();
    if (state.sessionRevoked) throw new SessionRevokedError();
    if (state.status !== 'active') throw new AccountSuspendedError();
    return state;
  }
}
