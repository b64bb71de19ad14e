import { ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { ThrottlerModule, ThrottlerOptions } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { PlatformConfig } from '../config/platform-config.service';
import { REDIS } from '../redis/redis.module';
import { RATE_LIMIT } from './rate-limit.decorator';
import { RateLimitGuard } from './rate-limit.guard';
import {
  parseRateLimit,
  type RateLimitDefinition,
  RATE_LIMITS,
  type RateLimitName,
  rateLimitTracker,
} from './rate-limits';
import { rateLimitKey, RedisThrottlerStorage } from './redis-throttler.storage';

/**
 * The signed-in user (set by the access guard, which the API registers before this one), else
 * the client IP. Prefixed so a user id can never collide with an address.
 */
function userTracker(request: Record<string, unknown>): string {
  const principal = request.principal as { userId?: string } | undefined;
  return rateLimitTracker('user', { userId: principal?.userId, ip: String(request.ip) });
}

function throttlers(config: PlatformConfig, reflector: Reflector): ThrottlerOptions[] {
  const limitsOf = (context: ExecutionContext): readonly RateLimitName[] =>
    reflector.getAllAndOverride<RateLimitName[] | undefined>(RATE_LIMIT, [
      context.getHandler(),
      context.getClass(),
    ]) ?? [];
  return (Object.keys(RATE_LIMITS) as RateLimitName[]).map((name) => {
    const definition: RateLimitDefinition = RATE_LIMITS[name];
    const { limit, windowSeconds } = parseRateLimit(String(config.get(definition.variable)));
    return {
      name,
      limit,
      ttl: windowSeconds * 1000,
      // Exceeding the limit blocks for one more window (ThrottlerGuard's default block).
      skipIf: (context) => !limitsOf(context).includes(name),
      ...(definition.tracker === 'user' ? { getTracker: userTracker } : {}),
    };
  });
}

/**
 * Per-client-IP limits on routes marked `@RateLimit(name)`, counted in Redis so every API
 * process shares them. The client IP is what TRUST_PROXY lets Fastify believe.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [PlatformConfig, REDIS, Reflector],
      useFactory: (config: PlatformConfig, redis: Redis, reflector: Reflector) => ({
        storage: new RedisThrottlerStorage(redis),
        throttlers: throttlers(config, reflector),
        // One budget per limit and client, shared by every route that names the limit.
        generateKey: (_context, tracker, name) => rateLimitKey(name, tracker),
        // Retry-After is the one header clients need; the guard sets it on refusal.
        setHeaders: false,
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
