import { createHash, randomBytes } from 'node:crypto';
import { PlatformConfig } from '@limited-run/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AccessTokens } from '../auth/access-tokens';
import { AuthStateCache } from '../auth/auth-state.cache';
import type { Principal } from '../auth/principal';
import type { ChangePasswordDto, LoginDto } from '../dto/login.dto';
import type { IssuedTokens } from '../dto/token-pair.response';
import {
  AccountSuspendedError,
  CurrentPasswordWrongError,
  InvalidCredentialsError,
  RefreshTokenInvalidError,
  RefreshTokenReusedError,
  SessionRevokedError,
} from '../identity.errors';
import { PasswordHasher } from '../password-hasher';
import { User } from '../user.entity';
import { AuthSession, SessionRevocationReason } from './auth-session.entity';
import { RefreshToken } from './refresh-token.entity';

const DAY_MS = 86_400_000;

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Sign-in sessions: login, refresh-token rotation with reuse detection, logout and password
 * change. Each public method is one unit of work; cache updates follow the commit.
 */
@Injectable()
export class SessionsService implements OnModuleInit {
  /** Verified against when the email is unknown, so both failures cost the same time. */
  private decoyHash: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccessTokens,
    private readonly states: AuthStateCache,
    private readonly config: PlatformConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.decoyHash = await this.hasher.hash(randomBytes(16).toString('hex'));
  }

  async login(input: LoginDto): Promise<IssuedTokens> {
    const user = await this.dataSource.getRepository(User).findOneBy({ email: input.email });
    const matches = await this.hasher.verify(user?.passwordHash ?? this.decoyHash, input.password);
    if (!user || !matches) throw new InvalidCredentialsError();
    // Only someone who knows the password learns that the account is suspended.
    if (user.status !== 'active') throw new AccountSuspendedError();
    return this.primed(
      await this.dataSource.transaction((manager) => this.openSession(manager, user)),
    );
  }

  /**
   * Opens a session for an account that has just proven itself another way (sign-up, reset).
   * Not primed: a brand-new account's first request reads through like any other, so a role
   * given right after sign-up (the admin CLI, test fixtures) is never shadowed by a cached one.
   */
  start(user: User): Promise<IssuedTokens> {
    return this.dataSource.transaction((manager) => this.openSession(manager, user));
  }

  /**
   * Exchanges a refresh token for a new pair. A token is good once: presenting a used one
   * means it was copied, so the whole session (every token rotated from that login) ends.
   */
  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const tokenHash = hashToken(refreshToken);
    const outcome = await this.dataSource.transaction(async (manager) => {
      // The row lock makes a concurrent second use wait, then find the token used.
      const rotated = await manager
        .createQueryBuilder()
        .update(RefreshToken)
        .set({ usedAt: () => 'now()' })
        .where('token_hash = :tokenHash AND used_at IS NULL AND expires_at > now()', { tokenHash })
        .returning('session_id')
        .execute();
      const rows = rotated.raw as Array<{ session_id: string }>;
      if (rows.length === 0) return this.refusal(manager, tokenHash);
      const sessionId = rows[0].session_id;
      const session = await manager
        .getRepository(AuthSession)
        .createQueryBuilder('session')
        .setLock('pessimistic_write')
        .where('session.id = :sessionId', { sessionId })
        .getOneOrFail();
      if (session.revokedAt) return { refused: new SessionRevokedError() };
      const user = await manager.getRepository(User).findOneByOrFail({ id: session.userId });
      if (user.status !== 'active') return { refused: new AccountSuspendedError() };
      return { issued: await this.issue(manager, user, session.id) };
    });
    if ('issued' in outcome) return this.primed(outcome.issued);
    // Reached only after commit, so a detected reuse stays revoked although we refuse.
    if (outcome.revokedSessionId) await this.states.sessionsRevoked([outcome.revokedSessionId]);
    throw outcome.refused;
  }

  /** Ends the session the caller's access token belongs to (its refresh token dies with it). */
  async logout(principal: Principal): Promise<void> {
    await this.dataSource.transaction((manager) =>
      this.revokeSessions(manager, { id: principal.sessionId }, 'logout'),
    );
    await this.states.sessionsRevoked([principal.sessionId]);
  }

  /** Changes the password, ends every session of the account, and signs this client in anew. */
  async changePassword(principal: Principal, input: ChangePasswordDto): Promise<IssuedTokens> {
    const users = this.dataSource.getRepository(User);
    const user = await users.findOneByOrFail({ id: principal.userId });
    if (!(await this.hasher.verify(user.passwordHash, input.currentPassword))) {
      throw new CurrentPasswordWrongError();
    }
    const passwordHash = await this.hasher.hash(input.newPassword);
    const { issued, revoked } = await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(User).update({ id: user.id }, { passwordHash });
      const ended = await this.revokeSessions(manager, { userId: user.id }, 'password_change');
      return { issued: await this.openSession(manager, user), revoked: ended };
    });
    await this.states.sessionsRevoked(revoked);
    return this.primed(issued);
  }

  /**
   * Revokes the matching live sessions inside the caller's transaction and returns their ids;
   * the caller reports them to the cache once it has committed.
   */
  async revokeSessions(
    manager: EntityManager,
    where: { id: string } | { userId: string },
    reason: SessionRevocationReason,
  ): Promise<string[]> {
    const result = await manager
      .createQueryBuilder()
      .update(AuthSession)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where({ ...where, revokedAt: IsNull() })
      .returning(['id'])
      .execute();
    return (result.raw as Array<{ id: string }>).map((row) => row.id);
  }

  /** A fresh session is cached at once, so its first requests (a drop opening) need no SQL. */
  private async primed(issued: IssuedTokens): Promise<IssuedTokens> {
    await this.states.prime(issued.user.id, issued.sessionId, {
      role: issued.user.role,
      status: issued.user.status,
    });
    return issued;
  }

  private async openSession(manager: EntityManager, user: User): Promise<IssuedTokens> {
    const session = await manager
      .getRepository(AuthSession)
      .save(manager.getRepository(AuthSession).create({ userId: user.id }));
    return this.issue(manager, user, session.id);
  }

  private async issue(
    manager: EntityManager,
    user: User,
    sessionId: string,
  ): Promise<IssuedTokens> {
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshTokenExpiresAt = new Date(
      Date.now() + this.config.get('REFRESH_TOKEN_TTL_DAYS') * DAY_MS,
    );
    await manager.getRepository(RefreshToken).insert({
      sessionId,
      tokenHash: hashToken(refreshToken),
      expiresAt: refreshTokenExpiresAt,
    });
    return {
      sessionId,
      accessToken: await this.tokens.sign({ userId: user.id, sessionId }),
      expiresIn: this.config.get('ACCESS_TOKEN_TTL_SECONDS'),
      refreshToken,
      refreshTokenExpiresAt,
      user,
    };
  }

  /** Why a token could not be rotated; a used one also revokes its session. */
  private async refusal(
    manager: EntityManager,
    tokenHash: string,
  ): Promise<{ refused: Error; revokedSessionId?: string }> {
    const known = await manager.getRepository(RefreshToken).findOneBy({ tokenHash });
    if (!known?.usedAt) return { refused: new RefreshTokenInvalidError() };
    await this.revokeSessions(manager, { id: known.sessionId }, 'refresh_token_reuse');
    return { refused: new RefreshTokenReusedError(), revokedSessionId: known.sessionId };
  }
}
