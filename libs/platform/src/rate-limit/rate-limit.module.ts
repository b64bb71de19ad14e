import { ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { ThrottlerModule, ThrottlerOptions } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { PlatformConfig } from '../config/platform-config.service';
import { REDIS } from '../redis/redis.module';
import { RATE_LIMIT } from './rate-limit.decorator';
import { RateLimitGuard } from './rate-limit.guard';
import { parseRateLimit, RATE_LIMITS, RateLimitName } from './rate-limits';
import { RedisThrottlerStorage } from './redis-throttler.storage';

function throttlers(config: PlatformConfig, reflector: Reflector): ThrottlerOptions[] {
  const limitOf = (context: ExecutionContext): RateLimitName | undefined =>
    reflector.getAllAndOverride<RateLimitName | undefined>(RATE_LIMIT, [
      context.getHandler(),
      context.getClass(),
    ]);
  return (Object.keys(RATE_LIMITS) as RateLimitName[]).map((name) => {
    const { limit, windowSeconds } = parseRateLimit(config.get(RATE_LIMITS[name]));
    return {
      name,
      limit,
      ttl: windowSeconds * 1000,
      // Exceeding the limit blocks for one more window (ThrottlerGuard's default block).
      skipIf: (context) => limitOf(context) !== name,
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
        generateKey: (_context, tracker, name) => `rate-limit:${name}:${tracker}`,
        // Retry-After is the one header clients need; the guard sets it on refusal.
        setHeaders: false,
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
