import { AuditLog } from '@limited-run/audit';
import { PlatformConfig } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import type { SetupAdminDto } from '../dto/setup-admin.dto';
import { EmailTakenError, SetupAlreadyDoneError, SetupTokenInvalidError } from '../identity.errors';
import { PasswordHasher } from '../password-hasher';
import { User } from '../user.entity';
import { SetupToken } from './setup-token.entity';
import { FIRST_ADMIN_LOCK_SQL, hashSetupToken, issueSetupToken, setupLink } from './setup-tokens';

/**
 * The first platform admin, created from the browser with a one-time token printed at boot.
 * Once any admin exists the door is shut: no token is issued, and every use is refused.
 */
@Injectable()
export class FirstAdminSetupService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
    private readonly config: PlatformConfig,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(FirstAdminSetupService.name);
  }

  /**
   * Creates the first admin and spends the token, in one transaction under the first-admin
   * lock: of two requests racing with a good token, the second finds the admin and is refused.
   * A refusal writes nothing (the token stays good when the account itself is refused).
   */
  async createFirstAdmin(input: SetupAdminDto, requestId: string | null): Promise<User> {
    const passwordHash = await this.hasher.hash(input.password);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(FIRST_ADMIN_LOCK_SQL);
      const users = manager.getRepository(User);
      if (await users.exists({ where: { role: 'admin' } })) throw new SetupAlreadyDoneError();
      const claimed = await manager
        .createQueryBuilder()
        .update(SetupToken)
        .set({ usedAt: () => 'now()' })
        .where('token_hash = :tokenHash AND used_at IS NULL AND expires_at > now()', {
          tokenHash: hashSetupToken(input.token),
        })
        .returning('id')
        .execute();
      const rows = claimed.raw as Array<{ id: string }>;
      if (rows.length === 0) throw new SetupTokenInvalidError();
      if (await users.exists({ where: { email: input.email } })) throw new EmailTakenError();
      const user = await users.save(
        users.create({
          email: input.email,
          displayName: input.displayName,
          passwordHash,
          role: 'admin',
        }),
      );
      await manager.getRepository(SetupToken).update({ id: rows[0].id }, { usedByUserId: user.id });
      await this.audit.record(manager, {
        actor: { userId: null, requestId },
        action: 'user.create_admin',
        targetType: 'user',
        targetId: user.id,
        after: { role: 'admin', email: user.email, via: 'setup_token' },
      });
      return user;
    });
  }

  /**
   * At API boot, while no admin exists: issues a token and logs the setup link once. Off when
   * SETUP_TOKEN_AT_BOOT=false (the `npm start` launcher issues and prints its own).
   */
  async announceAtBoot(): Promise<string | undefined> {
    if (this.config.get('SETUP_TOKEN_AT_BOOT') === 'false') return undefined;
    // The API serves without it: `npm run admin:create` is the other way to the first admin.
    const issued = await issueSetupToken(this.dataSource).catch((error: unknown) => {
      this.logger.error({ err: error }, 'could not issue a first-admin setup token');
      return undefined;
    });
    if (!issued) return undefined;
    const link = setupLink(this.config.get('PUBLIC_WEB_URL'), issued.token);
    this.logger.warn(
      { setupLink: link, expiresAt: issued.expiresAt.toISOString() },
      `No admin exists yet: create the first one at ${link} (one-time link, expires in 24 h)`,
    );
    return link;
  }
}
