import { AuditLog } from '@limited-run/audit';
import { Actor, userContacts } from '@limited-run/identity';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CollectiveAccess, CollectiveRef } from './collective-access';
import { LastOwnerError, MemberNotFoundError } from './collectives.errors';
import type { MemberView } from './dto/member.response';
import { CollectiveRoleName, Membership } from './membership.entity';

@Injectable()
export class MembershipsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: CollectiveAccess,
    private readonly audit: AuditLog,
  ) {}

  /** Members with their account details, owners first, then by joining date. */
  async list(collectiveId: string): Promise<MemberView[]> {
    const members = await this.dataSource
      .getRepository(Membership)
      .createQueryBuilder('m')
      .select(['m.user_id AS "userId"', 'm.role AS "role"', 'm.created_at AS "joinedAt"'])
      .where('m.collective_id = :collectiveId', { collectiveId })
      .orderBy(`CASE m.role WHEN 'owner' THEN 0 ELSE 1 END`)
      .addOrderBy('m.created_at', 'ASC')
      .addOrderBy('m.user_id', 'ASC')
      .getRawMany<Pick<MemberView, 'userId' | 'role' | 'joinedAt'>>();
    const users = await userContacts(
      this.dataSource,
      members.map((member) => member.userId),
    );
    // A membership's user cannot go away (its foreign key), as the join this replaced assumed.
    return members.flatMap((member) => {
      const user = users.get(member.userId);
      return user
        ? [
            {
              userId: member.userId,
              email: user.email,
              displayName: user.displayName,
              role: member.role,
              joinedAt: member.joinedAt,
            },
          ]
        : [];
    });
  }

  /** Changes a member's role; the last owner cannot be demoted. */
  async changeRole(
    actor: Actor,
    collective: CollectiveRef,
    userId: string,
    role: CollectiveRoleName,
  ): Promise<MemberView> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.lockForMembershipChange(manager, collective.id, actor);
      const membership = await this.findMembership(manager, collective.id, userId);
      const before = membership.role;
      if (before !== role) {
        if (before === 'owner') await this.assertAnotherOwner(manager, collective.id);
        await manager.getRepository(Membership).update(membership.id, { role });
        await this.audit.record(manager, {
          actor,
          action: 'collective.member.role_change',
          targetType: 'user',
          targetId: userId,
          collectiveId: collective.id,
          before: { role: before },
          after: { role },
        });
      }
      return this.memberView(manager, collective.id, userId);
    });
  }

  /** Removes a member; the last owner cannot be removed. */
  async remove(actor: Actor, collective: CollectiveRef, userId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.access.lockForMembershipChange(manager, collective.id, actor);
      const membership = await this.findMembership(manager, collective.id, userId);
      if (membership.role === 'owner') await this.assertAnotherOwner(manager, collective.id);
      await manager.getRepository(Membership).delete(membership.id);
      await this.audit.record(manager, {
        actor,
        action: 'collective.member.remove',
        targetType: 'user',
        targetId: userId,
        collectiveId: collective.id,
        before: { role: membership.role },
        after: null,
      });
    });
  }

  private async findMembership(
    manager: EntityManager,
    collectiveId: string,
    userId: string,
  ): Promise<Membership> {
    const membership = await manager
      .getRepository(Membership)
      .findOne({ where: { collectiveId, userId } });
    if (!membership) throw new MemberNotFoundError();
    return membership;
  }

  /** Called with the collective row locked, so the count cannot change before we write. */
  private async assertAnotherOwner(manager: EntityManager, collectiveId: string): Promise<void> {
    const owners = await manager
      .getRepository(Membership)
      .count({ where: { collectiveId, role: 'owner' } });
    if (owners <= 1) throw new LastOwnerError();
  }

  private async memberView(
    manager: EntityManager,
    collectiveId: string,
    userId: string,
  ): Promise<MemberView> {
    const membership = await manager
      .getRepository(Membership)
      .findOneOrFail({ where: { collectiveId, userId } });
    const user = (await userContacts(manager, [userId])).get(userId);
    if (!user) throw new Error(`user ${userId} not found`);
    return {
      userId,
      email: user.email,
      displayName: user.displayName,
      role: membership.role,
      joinedAt: membership.createdAt,
    };
  }
}
