import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../errors/domain-error';
import { perRoute } from '../http/per-route';
import { RATE_LIMIT } from './rate-limit.decorator';
import { RateLimitedError, RateLimitUnavailableError } from './rate-limit.errors';

/**
 * ThrottlerGuard with our error shape: a 429 `RATE_LIMITED` carrying a plain `Retry-After`
 * (the library would name it `Retry-After-<limit>`). Which routes count is decided per limit
 * by `skipIf` (see RateLimitModule), so unannotated routes never touch Redis.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /** Whether the route names a limit at all, read once per route (see `perRoute`). */
  private readonly namesLimits = perRoute((context) => {
    const names = this.reflector.getAllAndOverride<readonly string[] | undefined>(RATE_LIMIT, [
      context.getHandler(),
      context.getClass(),
    ]);
    return (names ?? []).length > 0;
  });

  /**
   * Most routes name no limit (and the hold route counts its own, in its script): they skip
   * ThrottlerGuard's two metadata reads per limit per request. A route that names limits is
   * counted as before, each limit deciding by its `skipIf` (RateLimitModule).
   */
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    return Promise.resolve(!this.namesLimits(context));
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await super.canActivate(context);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      // The counters live in Redis; without them a limited route cannot be served safely.
      throw new RateLimitUnavailableError(error);
    }
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    void context
      .switchToHttp()
      .getResponse<FastifyReply>()
      .header('retry-after', String(retryAfter));
    return Promise.reject(new RateLimitedError(retryAfter));
  }
}
