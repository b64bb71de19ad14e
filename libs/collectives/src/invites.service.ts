import { AuditLog } from '@limited-run/audit';
import { Actor, userByEmail, userContacts } from '@limited-run/identity';
import { NotificationsService } from '@limited-run/notifications';
import { PlatformConfig } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import type { CollectiveRef } from './collective-access';
import { CollectiveInvite } from './collective-invite.entity';
import {
  AlreadyMemberError,
  InviteEmailMismatchError,
  InviteNotFoundError,
} from './collectives.errors';
import type { CreateInviteDto } from './dto/create-invite.dto';
import type { MembershipView } from './dto/membership.response';
import {
  hashInviteToken,
  INVITE_LIFETIME_MS,
  inviteAcceptLink,
  newInviteToken,
} from './invite-token';
import { Membership } from './membership.entity';

export interface CreatedInvite {
  invite: CollectiveInvite;
  /** The plaintext token; only its hash is stored. */
  token: string;
}

@Injectable()
export class InvitesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly notifications: NotificationsService,
    private readonly config: PlatformConfig,
  ) {}

  /** Invites an email address to the collective and mails a link to accept it after commit. */
  async create(
    actor: Actor,
    collective: CollectiveRef,
    input: CreateInviteDto,
  ): Promise<CreatedInvite> {
    const token = newInviteToken();
    return this.dataSource.transaction(async (manager): Promise<CreatedInvite> => {
      const invitee = await userByEmail(manager, input.email);
      if (invitee && (await this.isMember(manager, collective.id, invitee.id))) {
        throw new AlreadyMemberError();
      }
      const inviter = (await userContacts(manager, [actor.userId])).get(actor.userId);
      const invite = await manager.getRepository(CollectiveInvite).save(
        manager.create(CollectiveInvite, {
          collectiveId: collective.id,
          email: input.email,
          role: input.role,
          tokenHash: hashInviteToken(token),
          invitedByUserId: actor.userId,
          expiresAt: new Date(Date.now() + INVITE_LIFETIME_MS),
          acceptedAt: null,
          acceptedByUserId: null,
          revokedAt: null,
        }),
      );
      await this.notifications.record(manager, {
        // Someone invited before signing up has no account yet; the mail goes to `email` either way.
        recipientUserId: invitee?.id ?? null,
        recipientEmail: invite.email,
        template: 'collective-invite',
        payload: {
          collectiveName: collective.name,
          collectiveSlug: collective.slug,
          invitedByName: inviter?.displayName ?? null,
          role: invite.role,
          expiresAt: invite.expiresAt.toISOString(),
          // The link carries the token; like the token it is a secret, dropped once mailed.
          link: inviteAcceptLink(this.config, token),
        },
      });
      await this.audit.record(manager, {
        actor,
        action: 'collective.invite.create',
        targetType: 'collective_invite',
        targetId: invite.id,
        collectiveId: collective.id,
        after: {
          email: invite.email,
          role: invite.role,
          expiresAt: invite.expiresAt.toISOString(),
        },
      });
      return { invite, token };
    });
  }

  /** Invites that can still be accepted, newest first. */
  async listPending(collectiveId: string): Promise<CollectiveInvite[]> {
    return this.dataSource.getRepository(CollectiveInvite).find({
      where: {
        collectiveId,
        acceptedAt: IsNull(),
        revokedAt: IsNull(),
        expiresAt: MoreThan(new Date()),
      },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
  }

  /** Revokes a pending invite of this collective; any other id is INVITE_NOT_FOUND. */
  async revoke(actor: Actor, collective: CollectiveRef, inviteId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // Scoped by collective, so an owner of A cannot revoke B's invite through A's slug.
      const result = await manager
        .createQueryBuilder()
        .update(CollectiveInvite)
        .set({ revokedAt: () => 'now()' })
        .where('id = :inviteId AND collective_id = :collectiveId', {
          inviteId,
          collectiveId: collective.id,
        })
        .andWhere('accepted_at IS NULL AND revoked_at IS NULL')
        .execute();
      if (result.affected !== 1) throw new InviteNotFoundError();
      const invite = await manager
        .getRepository(CollectiveInvite)
        .findOneByOrFail({ id: inviteId });
      await this.audit.record(manager, {
        actor,
        action: 'collective.invite.revoke',
        targetType: 'collective_invite',
        targetId: invite.id,
        collectiveId: collective.id,
        before: { email: invite.email, role: invite.role, revokedAt: null },
        after: {
          email: invite.email,
          role: invite.role,
          revokedAt: invite.revokedAt?.toISOString(),
        },
      });
    });
  }

  /**
   * Turns an invite into a membership of the signed-in user, at most once: the guarded
   * UPDATE claims the invite, so of two concurrent accepts the second finds nothing to claim.
   * Any refusal rolls the claim back and leaves the invite usable.
   */
  async accept(actor: Actor, token: string): Promise<MembershipView> {
    return this.dataSource.transaction(async (manager) => {
      const claimed = await manager
        .createQueryBuilder()
        .update(CollectiveInvite)
        .set({ acceptedAt: () => 'now()', acceptedByUserId: actor.userId })
        .where('token_hash = :tokenHash', { tokenHash: hashInviteToken(token) })
        .andWhere('accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()')
        .returning(['id'])
        .execute();
      const rows = claimed.raw as Array<{ id: string }>;
      if (rows.length !== 1) throw new InviteNotFoundError();
      const invite = await manager.getRepository(CollectiveInvite).findOneOrFail({
        where: { id: rows[0].id },
        relations: { collective: true },
      });
      const user = (await userContacts(manager, [actor.userId])).get(actor.userId);
      if (!user) throw new Error(`user ${actor.userId} not found`);
      if (user.email !== invite.email) throw new InviteEmailMismatchError();
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(Membership)
        .values({ collectiveId: invite.collectiveId, userId: user.id, role: invite.role })
        .orIgnore()
        .returning(['id', 'created_at'])
        .execute();
      const membership = inserted.raw as Array<{ id: string; created_at: Date }>;
      if (membership.length !== 1) throw new AlreadyMemberError();
      await this.audit.record(manager, {
        actor,
        action: 'collective.invite.accept',
        targetType: 'collective_invite',
        targetId: invite.id,
        collectiveId: invite.collectiveId,
        before: { acceptedAt: null },
        after: { userId: user.id, role: invite.role, acceptedAt: invite.acceptedAt?.toISOString() },
      });
      const collective = invite.collective!;
      return {
        collective: { id: collective.id, slug: collective.slug, name: collective.name },
        role: invite.role,
        joinedAt: membership[0].created_at,
      };
    });
  }

  private async isMember(
    manager: EntityManager,
    collectiveId: string,
    userId: string,
  ): Promise<boolean> {
    return manager.getRepository(Membership).exists({ where: { collectiveId, userId } });
  }
}
