export * from './config/environment';
export * from './config/platform-config.module';
export * from './config/platform-config.service';
export * from './database/database.module';
export * from './database/data-source-options';
export * from './database/snake-naming.strategy';
export * from './errors/domain-error';
export * from './errors/error-body';
export * from './errors/nested-each';
export * from './errors/validation';
export * from './health/health.module';
export * from './http/bootstrap-http';
export * from './http/client-gone';
export * from './http/http-error.filter';
export * from './http/public-route';
export * from './http/per-route';
export * from './logging/logging.module';
export * from './platform.module';
export * from './queues/queues.module';
export * from './rate-limit/rate-limit.decorator';
export * from './rate-limit/rate-limit.errors';
export * from './rate-limit/rate-limit.module';
export * from './rate-limit/rate-limits';
export {
  RATE_LIMIT_HIT_LUA,
  rateLimitBlockKey,
  rateLimitKey,
  seconds as retryAfterSeconds,
} from './rate-limit/redis-throttler.storage';
export * from './auth/deferred-session-check';
export * from './redis/redis.module';
export * from './redis/redis-url';
export * from './redis/redis-lease';
export * from './redis/redis-subscriber';
export * from './redis/write-coalescing-redis';
export * from './boot/report-boot-failure';
export * from './database/run-migrations';
export * from './database/postgres-errors';
export * from './database/sql';
export * from './database/after-commit';
export * from './ids/canonical-uuid';
export * from './logging/log-safe';
export * from './http/bounded-json';
export * from './http/client-slots';
export * from './http/content-security-policy';
export * from './http/web-app';
export * from './http/cors-origins';
export * from './http/page.query';
export * from './metrics/metrics';
export * from './metrics/metrics.module';
export * from './queues/repeatable-sweep';
