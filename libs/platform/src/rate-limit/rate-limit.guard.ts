import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../errors/domain-error';
import { RateLimitedError, RateLimitUnavailableError } from './rate-limit.errors';

/**
 * ThrottlerGuard with our error shape: a 429 `RATE_LIMITED` carrying a plain `Retry-After`
 * (the library would name it `Retry-After-<limit>`). Which routes count is decided per limit
 * by `skipIf` (see RateLimitModule), so unannotated routes never touch Redis.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
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
