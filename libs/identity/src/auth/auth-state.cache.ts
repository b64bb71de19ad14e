import { type DeferredSessionCheck, PlatformConfig, REDIS } from '@limited-run/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import type { UserRole, UserStatus } from '../user.entity';

/** What the guard needs to know about a token's account and session on every request. */
export interface AuthState {
  role: UserRole;
  status: UserStatus;
  sessionRevoked: boolean;
}

interface UserState {
  role: UserRole;
  status: UserStatus;
}

const REVOKED = 'revoked';
/**
 * An active session's entry names its user: a token pairing one user's id with another user's
 * session must not pass on the cached path (Postgres checks the pair in `load`).
 */
const activeFor = (userId: string): string => `active:${userId.toLowerCase()}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const userKey = (userId: string): string => `auth:user:${userId}`;
const sessionKey = (sessionId: string): string => `auth:session:${sessionId}`;

/**
 * Account and session state for the access guard, read through Redis so an authenticated
 * request costs one round trip rather than a Postgres query (the drop hot path needs that).
 *
 * Postgres stays the truth. Entries filled from it are written only if absent (`NX`), and
 * changes overwrite them after their transaction commits, so a reader holding a stale row can
 * never put back an "active" over a "revoked". If Redis is unreachable, Postgres answers.
 */
@Injectable()
export class AuthStateCache {
  /**
   * Entries live as long as an access token: a fan who signed in before a drop opens is still
   * cached when it opens, so their requests cost no SQL; after that their token is dead anyway.
   */
  private readonly ttlSeconds: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly logger: PinoLogger,
    config: PlatformConfig,
  ) {
    this.logger.setContext(AuthStateCache.name);
    this.ttlSeconds = config.get('ACCESS_TOKEN_TTL_SECONDS');
  }

  /**
   * Fills the cache for a session just opened or refreshed, after its commit. Written only if
   * absent, like a read-through fill, so it never undoes a suspension written meanwhile.
   */
  async prime(userId: string, sessionId: string, user: UserState): Promise<void> {
    await this.redis
      .multi()
      .set(userKey(userId), JSON.stringify(user), 'EX', this.ttlSeconds, 'NX')
      .set(sessionKey(sessionId), activeFor(userId), 'EX', this.ttlSeconds, 'NX')
      .exec()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'auth state not cached'));
  }

  /**
   * What a route needs to check this session inside its own Redis script: the two cache keys
   * and the value a live session's entry has. `confirm` is the slow path (Postgres on a miss).
   */
  deferredCheck(
    userId: string,
    sessionId: string,
    confirm: () => Promise<void>,
  ): DeferredSessionCheck {
    return {
      userId,
      sessionId,
      userKey: userKey(userId),
      sessionKey: sessionKey(sessionId),
      liveSessionValue: activeFor(userId),
      confirm,
    };
  }

  /** The state of this user and session, or undefined if either does not exist. */
  async lookup(userId: string, sessionId: string): Promise<AuthState | undefined> {
    if (!UUID.test(userId) || !UUID.test(sessionId)) return undefined;
    const cached = await this.redis
      .mget(userKey(userId), sessionKey(sessionId))
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'auth state cache unreachable; reading Postgres');
        return [null, null];
      });
    const [user, session] = cached;
    if (user !== null && (session === REVOKED || session === activeFor(userId))) {
      return { ...(JSON.parse(user) as UserState), sessionRevoked: session === REVOKED };
    }
    const fresh = await this.load(userId, sessionId);
    if (fresh) {
      await this.redis
        .multi()
        .set(
          userKey(userId),
          JSON.stringify({ role: fresh.role, status: fresh.status }),
          'EX',
          this.ttlSeconds,
          'NX',
        )
        .set(
          sessionKey(sessionId),
          fresh.sessionRevoked ? REVOKED : activeFor(userId),
          'EX',
          this.ttlSeconds,
          'NX',
        )
        .exec()
        .catch(() => undefined);
    }
    return fresh;
  }

  /** Call after the transaction that revoked these sessions has committed. */
  async sessionsRevoked(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    const write = this.redis.multi();
    for (const id of sessionIds) write.set(sessionKey(id), REVOKED, 'EX', this.ttlSeconds);
    await write.exec();
  }

  /** Call after the transaction that changed this account's role or status has committed. */
  async userChanged(userId: string, state: UserState): Promise<void> {
    await this.redis.set(userKey(userId), JSON.stringify(state), 'EX', this.ttlSeconds);
  }

  private async load(userId: string, sessionId: string): Promise<AuthState | undefined> {
    const rows = await this.dataSource.query<
      Array<{ role: UserRole; status: UserStatus; revoked: boolean }>
    >(
      `SELECT u.role, u.status, s.revoked_at IS NOT NULL AS revoked
         FROM auth_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2`,
      [sessionId, userId],
    );
    const row = rows[0];
    return row && { role: row.role, status: row.status, sessionRevoked: row.revoked };
  }
}
