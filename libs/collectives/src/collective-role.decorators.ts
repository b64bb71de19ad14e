import { SignedIn } from '@limited-run/identity';
import { ErrorBody } from '@limited-run/platform';
import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiParam } from '@nestjs/swagger';
import type { CollectiveRef } from './collective-access';
import { COLLECTIVE_ROLE, CollectiveRequest, CollectiveRoleGuard } from './collective-role.guard';
import type { CollectiveRoleName } from './membership.entity';

/**
 * Restricts a `/collectives/:collective/...` route to the collective's members: `staff` admits
 * staff and owners, `owner` only owners; platform admins always pass. The module declaring the
 * controller must import `CollectivesModule`.
 */
export const CollectiveRole = (role: CollectiveRoleName): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(COLLECTIVE_ROLE, role),
    UseGuards(CollectiveRoleGuard),
    SignedIn(),
    ApiParam({ name: 'collective', description: "The collective's slug", example: 'night-shift' }),
    ApiForbiddenResponse({
      type: ErrorBody,
      description: role === 'owner' ? 'NOT_A_MEMBER or OWNER_REQUIRED' : 'NOT_A_MEMBER',
    }),
    ApiNotFoundResponse({ type: ErrorBody, description: 'COLLECTIVE_NOT_FOUND' }),
  );

/** The collective resolved by `@CollectiveRole`: `{id, slug, name}`. */
export const CurrentCollective = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CollectiveRef => {
    const collective = context.switchToHttp().getRequest<CollectiveRequest>().collective;
    if (!collective) throw new Error('No collective on this request; add @CollectiveRole()');
    return collective;
  },
);
