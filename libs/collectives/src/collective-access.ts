import type { Principal } from '@limited-run/identity';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Collective, SLUG_PATTERN } from './collective.entity';
import { CollectiveNotFoundError, NotAMemberError, OwnerRequiredError } from './collectives.errors';
import { CollectiveRoleName, Membership } from './membership.entity';

/** What other libraries and handlers get to know about a collective. */
export interface CollectiveRef {
  id: string;
  slug: string;
  name: string;
}

/** Whether holding `actual` (null: no membership) is enough for a route that requires `required`. */
export function roleSatisfies(
  actual: CollectiveRoleName | null,
  required: CollectiveRoleName,
): boolean {
  switch (required) {
    case 'owner':
      return actual === 'owner';
    case 'staff':
      return actual !== null;
  }
}

/**
 * Resolves collectives by slug and decides who may act in them. The collective-role guard uses
 * it for scoped routes; other libraries use `findBySlug` for public ones.
 */
@Injectable()
export class CollectiveAccess {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The collective named by `slug`, or COLLECTIVE_NOT_FOUND. */
  async findBySlug(
    slug: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CollectiveRef> {
    // A string that could never be a slug cannot name a collective; spare the query.
    if (slug.length > 64 || !SLUG_PATTERN.test(slug)) throw new CollectiveNotFoundError();
    const collective = await manager.getRepository(Collective).findOne({
      select: { id: true, slug: true, name: true },
      where: { slug },
    });
    if (!collective) throw new CollectiveNotFoundError();
    return { id: collective.id, slug: collective.slug, name: collective.name };
  }

  /** The user's role in the collective, or null if they are not a member. */
  async roleOf(
    collectiveId: string,
    userId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CollectiveRoleName | null> {
    const membership = await manager.getRepository(Membership).findOne({
      select: { role: true },
      where: { collectiveId, userId },
    });
    return membership?.role ?? null;
  }

  /** Refuses with NOT_A_MEMBER or OWNER_REQUIRED unless the principal may act as `required`. */
  async authorize(
    principal: Principal,
    collectiveId: string,
    required: CollectiveRoleName,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    if (principal.role === 'admin') return;
    const role = await this.roleOf(collectiveId, principal.userId, manager);
    if (roleSatisfies(role, required)) return;
    throw role === null ? new NotAMemberError() : new OwnerRequiredError();
  }

  /**
   * Takes the collective's row lock for the rest of the transaction, then re-checks the
   * caller's role. Every change that can remove an owner goes through here, so two owners
   * demoting each other run one after the other, and the second sees the first's result
   * (the guard's check ran before the lock and may be stale by now).
   */
  async lockForMembershipChange(
    manager: EntityManager,
    collectiveId: string,
    principal: Principal,
  ): Promise<void> {
    const locked = await manager.getRepository(Collective).findOne({
      select: { id: true },
      where: { id: collectiveId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!locked) throw new CollectiveNotFoundError();
    await this.authorize(principal, collectiveId, 'owner', manager);
  }
}
