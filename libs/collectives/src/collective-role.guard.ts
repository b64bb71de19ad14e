import type { AuthenticatedRequest } from '@limited-run/identity';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CollectiveAccess, CollectiveRef } from './collective-access';
import type { CollectiveRoleName } from './membership.entity';

export const COLLECTIVE_ROLE = 'limited-run:collective-role';

/** The request once the collective-role guard has let it through. */
export interface CollectiveRequest extends AuthenticatedRequest {
  collective?: CollectiveRef;
}

/**
 * Runs after the global access-token guard: resolves `:collective` (a slug) and admits the
 * caller if their membership satisfies the route's `@CollectiveRole`. Platform admins always
 * pass; a missing collective is a 404 for everyone.
 */
@Injectable()
export class CollectiveRoleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: CollectiveAccess,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.getAllAndOverride<CollectiveRoleName | undefined>(
      COLLECTIVE_ROLE,
      [context.getHandler(), context.getClass()],
    );
    const request = context.switchToHttp().getRequest<CollectiveRequest>();
    // Both are wiring mistakes (guard without @CollectiveRole, or on a @Public() route): fail closed.
    if (!required) throw new Error('CollectiveRoleGuard used without @CollectiveRole()');
    if (!request.principal) throw new Error('@CollectiveRole() on a route without a principal');
    const collective = await this.access.findBySlug(request.params.collective ?? '');
    await this.access.authorize(request.principal, collective.id, required);
    request.collective = collective;
    return true;
  }
}
