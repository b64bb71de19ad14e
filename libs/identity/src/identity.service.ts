import { AuditLog } from '@limited-run/audit';
import { NotificationsService } from '@limited-run/notifications';
import { isUniqueViolation } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SignUpDto } from './dto/sign-up.dto';
import { AuthStateCache } from './auth/auth-state.cache';
import { AdminPasswordRequiredError, EmailTakenError, UserNotFoundError } from './identity.errors';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';

@Injectable()
export class IdentityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditLog,
    private readonly states: AuthStateCache,
  ) {}

  /** Creates a fan account and its welcome message in one transaction; mail goes out after commit. */
  async signUp(input: SignUpDto): Promise<User> {
    const passwordHash = await this.hasher.hash(input.password);
    return this.dataSource
      .transaction(async (manager) => {
        const users = manager.getRepository(User);
        if (await users.exists({ where: { email: input.email } })) throw new EmailTakenError();
        const created = await users.save(
          users.create({
            email: input.email,
            displayName: input.displayName,
            passwordHash,
            role: 'fan',
          }),
        );
        await this.notifications.record(manager, {
          recipientUserId: created.id,
          recipientEmail: created.email,
          template: 'welcome',
          payload: { displayName: created.displayName },
        });
        return created;
      })
      .catch((error: unknown) => {
        // Two sign-ups racing for one address: the unique constraint decides.
        if (isUniqueViolation(error)) throw new EmailTakenError();
        throw error;
      });
  }

  async findById(userId: string): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id: userId });
    if (!user) throw new UserNotFoundError();
    return user;
  }

  /**
   * Makes `email` a platform admin: promotes an existing account (keeping its password unless
   * one is given) or creates it. Used by the admin CLI; repeating it changes nothing more.
   */
  async ensureAdmin(input: EnsureAdminInput): Promise<{ user: User; created: boolean }> {
    const passwordHash = input.password ? await this.hasher.hash(input.password) : undefined;
    const outcome = await this.dataSource.transaction(async (manager) => {
      const users = manager.getRepository(User);
      const existing = await users
        .createQueryBuilder('user')
        .setLock('pessimistic_write')
        .where('user.email = :email', { email: input.email })
        .getOne();
      if (!existing) {
        if (!passwordHash) throw new AdminPasswordRequiredError();
        const user = await users.save(
          users.create({
            email: input.email,
            displayName: input.displayName,
            passwordHash,
            role: 'admin',
          }),
        );
        await this.audit.record(manager, {
          actor: { userId: null, requestId: null },
          action: 'user.create_admin',
          targetType: 'user',
          targetId: user.id,
          after: { role: 'admin', email: user.email },
        });
        return { user, created: true };
      }
      const before = { role: existing.role };
      existing.role = 'admin';
      if (passwordHash) existing.passwordHash = passwordHash;
      const user = await users.save(existing);
      await this.audit.record(manager, {
        actor: { userId: null, requestId: null },
        action: 'user.promote_admin',
        targetType: 'user',
        targetId: user.id,
        before,
        after: { role: 'admin', passwordReset: passwordHash !== undefined },
      });
      return { user, created: false };
    });
    // Signed-in sessions of a promoted account see the new role on their next request.
    await this.states.userChanged(outcome.user.id, {
      role: outcome.user.role,
      status: outcome.user.status,
    });
    return outcome;
  }
}

export interface EnsureAdminInput {
  email: string;
  displayName: string;
  password?: string;
}
