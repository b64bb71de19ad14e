import { createHash, randomBytes } from 'node:crypto';
import { NotificationsService } from '@limited-run/notifications';
import { PlatformConfig } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuthStateCache } from '../auth/auth-state.cache';
import type { PasswordResetConfirmDto, PasswordResetRequestDto } from '../dto/password-reset.dto';
import {
  PasswordResetTokenExpiredError,
  PasswordResetTokenInvalidError,
  PasswordResetTokenUsedError,
} from '../identity.errors';
import { PasswordHasher } from '../password-hasher';
import { SessionsService } from '../sessions/sessions.service';
import { User } from '../user.entity';
import { PasswordResetToken } from './password-reset-token.entity';

/** Long enough to open a mail, short enough that an old inbox is not a key to the account. */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The browser app's page that reads `token` from its query string. */
export function passwordResetLink(config: PlatformConfig, token: string): string {
  const link = new URL(config.webUrl('/reset-password'));
  link.searchParams.set('token', token);
  return link.toString();
}

/**
 * Password reset by a mailed single-use link. Requesting reveals nothing about which
 * addresses have accounts; confirming sets the password and ends every session.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly states: AuthStateCache,
    private readonly notifications: NotificationsService,
    private readonly config: PlatformConfig,
  ) {}

  /** Mails a fresh link to an active account; an unknown address is silently ignored. */
  async request(input: PasswordResetRequestDto): Promise<void> {
    const user = await this.dataSource.getRepository(User).findOneBy({ email: input.email });
    if (!user || user.status !== 'active') return;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + PASSWORD_RESET_TTL_MS);
    await this.dataSource.transaction(async (manager) => {
      // Only the newest link works: a mail that arrives late cannot be used after a newer one.
      await manager
        .getRepository(PasswordResetToken)
        .update(
          { userId: user.id, usedAt: IsNull(), revokedAt: IsNull() },
          { revokedAt: () => 'now()' },
        );
      await manager
        .getRepository(PasswordResetToken)
        .insert({ userId: user.id, tokenHash: hashToken(token), expiresAt });
      await this.notifications.record(manager, {
        recipientUserId: user.id,
        recipientEmail: user.email,
        template: 'password-reset',
        payload: {
          displayName: user.displayName,
          link: passwordResetLink(this.config, token),
          expiresAt: expiresAt.toISOString(),
        },
      });
    });
  }

  /** Sets the new password and ends every session; a token that cannot be used writes nothing. */
  async confirm(input: PasswordResetConfirmDto): Promise<void> {
    const passwordHash = await this.hasher.hash(input.password);
    const tokenHash = hashToken(input.token);
    const revoked = await this.dataSource.transaction(async (manager) => {
      // The row lock makes a concurrent second use wait, then find the token used.
      const claimed = await manager
        .createQueryBuilder()
        .update(PasswordResetToken)
        .set({ usedAt: () => 'now()' })
        .where(
          'token_hash = :tokenHash AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()',
          { tokenHash },
        )
        .returning('user_id')
        .execute();
      const rows = claimed.raw as Array<{ user_id: string }>;
      if (rows.length === 0) throw await this.refusal(manager, tokenHash);
      const userId = rows[0].user_id;
      await manager.getRepository(User).update({ id: userId }, { passwordHash });
      // A reset is a password change made without the old password.
      return this.sessions.revokeSessions(manager, { userId }, 'password_change');
    });
    await this.states.sessionsRevoked(revoked);
  }

  private async refusal(manager: EntityManager, tokenHash: string): Promise<Error> {
    const known = await manager.getRepository(PasswordResetToken).findOneBy({ tokenHash });
    if (!known) return new PasswordResetTokenInvalidError();
    if (known.usedAt || known.revokedAt) return new PasswordResetTokenUsedError();
    return new PasswordResetTokenExpiredError();
  }
}
