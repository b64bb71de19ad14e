import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorBody } from '@limited-run/platform';
import type { UserRole } from '../user.entity';
import type { DeferredSessionCheck } from '@limited-run/platform';
import type { Actor, AuthenticatedRequest, Principal } from './principal';

// Re-exported so that controllers find every access decorator in one place.
export { Public, PUBLIC_ROUTE } from '@limited-run/platform';
export const REQUIRED_ROLES = 'limited-run:required-roles';
export const SESSION_CHECKED_BY_ROUTE = 'limited-run:session-checked-by-route';

/** Requires a signed-in user; the default for every route, spelled out for readers and OpenAPI. */
export const SignedIn = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ type: ErrorBody, description: 'UNAUTHENTICATED' }),
  );

/** Requires one of the platform roles (`admin`); checked by the roles guard after authentication. */
export const Roles = (...roles: UserRole[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLES, roles),
    SignedIn(),
    ApiForbiddenResponse({ type: ErrorBody, description: 'FORBIDDEN' }),
  );

function principalOf(context: ExecutionContext): Principal {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  // Only reachable if a handler asks for a principal on a @Public() route: a programming error.
  if (!principal) throw new Error('No principal on this request; is the route @Public()?');
  return principal;
}

/** The signed-in user. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => principalOf(context),
);

/** The signed-in user and the request id, for services that write the audit log. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor => ({
    ...principalOf(context),
    requestId: context.switchToHttp().getRequest<AuthenticatedRequest>().id,
  }),
);

/**
 * A signed-in route that checks the account and session itself, inside its one Redis script
 * (the hold route): the guard verifies the token and hands over `@SessionToCheck()`. Such a
 * route must call `confirm()` when the cache does not answer, and must not need a role.
 */
export const SessionCheckedByRoute = (): MethodDecorator =>
  SetMetadata(SESSION_CHECKED_BY_ROUTE, true);

/** The verified token's session, still to be checked by the route (`@SessionCheckedByRoute`). */
export const SessionToCheck = createParamDecorator(
  (_data: unknown, context: ExecutionContext): DeferredSessionCheck => {
    const check = context.switchToHttp().getRequest<AuthenticatedRequest>().sessionCheck;
    if (!check)
      throw new Error('No session check on this request; is it @SessionCheckedByRoute()?');
    return check;
  },
);
