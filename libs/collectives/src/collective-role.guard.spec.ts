import type { Principal } from '@limited-run/identity';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CollectiveAccess, roleSatisfies } from './collective-access';
import { COLLECTIVE_ROLE, CollectiveRequest, CollectiveRoleGuard } from './collective-role.guard';
import { CollectiveNotFoundError, NotAMemberError, OwnerRequiredError } from './collectives.errors';
import type { CollectiveRoleName } from './membership.entity';

describe('roleSatisfies', () => {
  it.each([
    ['owner', 'owner', true],
    ['owner', 'staff', true],
    ['staff', 'staff', true],
    ['staff', 'owner', false],
    [null, 'staff', false],
    [null, 'owner', false],
  ] as const)('a %s satisfies %s: %s', (actual, required, expected) => {
    expect(roleSatisfies(actual, required)).toBe(expected);
  });
});

describe('CollectiveRoleGuard', () => {
  const collective = { id: 'c-1', slug: 'night-shift', name: 'Night Shift' };
  const fan: Principal = { userId: 'u-fan', role: 'fan', sessionId: 's-1' };
  const admin: Principal = { userId: 'u-admin', role: 'admin', sessionId: 's-2' };

  /** CollectiveAccess over an in-memory table of memberships of one collective. */
  function accessWith(roles: Record<string, CollectiveRoleName>): CollectiveAccess {
    const access = new CollectiveAccess({} as never);
    jest
      .spyOn(access, 'findBySlug')
      .mockImplementation((slug: string) =>
        slug === collective.slug
          ? Promise.resolve(collective)
          : Promise.reject(new CollectiveNotFoundError()),
      );
    jest
      .spyOn(access, 'roleOf')
      .mockImplementation((_collectiveId: string, userId: string) =>
        Promise.resolve(roles[userId] ?? null),
      );
    return access;
  }

  function contextFor(
    required: CollectiveRoleName | undefined,
    request: CollectiveRequest,
  ): ExecutionContext {
    const handler = (): void => undefined;
    if (required) Reflect.defineMetadata(COLLECTIVE_ROLE, required, handler);
    return {
      getHandler: () => handler,
      getClass: () => class {},
      switchToHttp: () => ({ getRequest: () => request }),
    } as unknown as ExecutionContext;
  }

  const requestOf = (
    principal: Principal | undefined,
    slug = collective.slug,
  ): CollectiveRequest => ({
    id: 'req-1',
    principal,
    params: { collective: slug },
    headers: {},
  });

  const guard = (roles: Record<string, CollectiveRoleName> = {}): CollectiveRoleGuard =>
    new CollectiveRoleGuard(new Reflector(), accessWith(roles));

  it('admits staff to staff routes and stores the collective on the request', async () => {
    const request = requestOf({ ...fan, userId: 'u-staff' });
    await expect(
      guard({ 'u-staff': 'staff' }).canActivate(contextFor('staff', request)),
    ).resolves.toBe(true);
    expect(request.collective).toEqual(collective);
  });

  it('refuses staff on owner routes with OWNER_REQUIRED and non-members with NOT_A_MEMBER', async () => {
    const staff = requestOf({ ...fan, userId: 'u-staff' });
    await expect(
      guard({ 'u-staff': 'staff' }).canActivate(contextFor('owner', staff)),
    ).rejects.toBeInstanceOf(OwnerRequiredError);
    expect(staff.collective).toBeUndefined();
    await expect(guard().canActivate(contextFor('staff', requestOf(fan)))).rejects.toBeInstanceOf(
      NotAMemberError,
    );
  });

  it('lets platform admins through without a membership, but not to a missing collective', async () => {
    await expect(guard().canActivate(contextFor('owner', requestOf(admin)))).resolves.toBe(true);
    await expect(
      guard().canActivate(contextFor('staff', requestOf(admin, 'no-such-collective'))),
    ).rejects.toBeInstanceOf(CollectiveNotFoundError);
  });

  it('fails closed when wired wrongly: no @CollectiveRole, or no principal', async () => {
    await expect(guard().canActivate(contextFor(undefined, requestOf(admin)))).rejects.toThrow(
      /without @CollectiveRole/,
    );
    await expect(guard().canActivate(contextFor('staff', requestOf(undefined)))).rejects.toThrow(
      /without a principal/,
    );
  });
});
