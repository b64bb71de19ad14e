import { AuditLog } from '@limited-run/audit';
import { pageInfo } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthStateCache } from '../auth/auth-state.cache';
import type { Actor } from '../auth/principal';
import type { AdminUserPage, ListUsersQuery } from '../dto/admin-users.dto';
import { AdminUserResponse } from '../dto/admin-users.dto';
import { CannotSuspendSelfError, UserNotFoundError } from '../identity.errors';
import { SessionsService } from '../sessions/sessions.service';
import { User, UserStatus } from '../user.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What platform admins do to accounts: find, suspend, reinstate. Every change is audited. */
@Injectable()
export class UserAdministrationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly states: AuthStateCache,
    private readonly audit: AuditLog,
  ) {}

  async list(query: ListUsersQuery): Promise<AdminUserPage> {
    const builder = this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .orderBy('user.createdAt', 'DESC')
      .addOrderBy('user.id', 'DESC')
      .take(query.pageSize)
      .skip((query.page - 1) * query.pageSize);
    if (query.status) builder.andWhere('user.status = :status', { status: query.status });
    if (query.role) builder.andWhere('user.role = :role', { role: query.role });
    if (query.email) {
      const escaped = query.email.replace(/[\\%_]/g, (c) => `\\${c}`);
      builder.andWhere('user.email LIKE :email', { email: `%${escaped}%` });
    }
    const [users, total] = await builder.getManyAndCount();
    return {
      items: users.map((user) => AdminUserResponse.from(user)),
      ...pageInfo({ rows: users, total }, query),
    };
  }

  /** Suspends the account and ends all its sessions: its tokens stop working at once. */
  async suspend(actor: Actor, userId: string, reason: string): Promise<User> {
    if (userId === actor.userId) throw new CannotSuspendSelfError();
    return this.setStatus(actor, userId, 'suspended', reason);
  }

  async reinstate(actor: Actor, userId: string): Promise<User> {
    return this.setStatus(actor, userId, 'active');
  }

  private async setStatus(
    actor: Actor,
    userId: string,
    status: UserStatus,
    reason?: string,
  ): Promise<User> {
    if (!UUID.test(userId)) throw new UserNotFoundError();
    const { user, revoked } = await this.dataSource.transaction(async (manager) => {
      const users = manager.getRepository(User);
      const current = await users
        .createQueryBuilder('user')
        .setLock('pessimistic_write')
        .where('user.id = :userId', { userId })
        .getOne();
      if (!current) throw new UserNotFoundError();
      // Repeating a suspension or reinstatement is a no-op, not an error and not a new entry.
      if (current.status === status) return { user: current, revoked: [] };
      const before = { status: current.status };
      current.status = status;
      const saved = await users.save(current);
      const ended =
        status === 'suspended'
          ? await this.sessions.revokeSessions(manager, { userId }, 'suspended')
          : [];
      await this.audit.record(manager, {
        actor,
        action: status === 'suspended' ? 'user.suspend' : 'user.reinstate',
        targetType: 'user',
        targetId: userId,
        before,
        after: { status, ...(reason ? { reason } : {}) },
      });
      return { user: saved, revoked: ended };
    });
    await this.states.userChanged(user.id, { role: user.role, status: user.status });
    await this.states.sessionsRevoked(revoked);
    return user;
  }
}
