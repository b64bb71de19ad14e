import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { PlatformConfig } from '../config/platform-config.service';
import { redisOptionsFromUrl } from './redis-url';
import { WriteCoalescingRedis } from './write-coalescing-redis';

/** The shared command connection. Keys are prefixed with `REDIS_PREFIX:`. */
export const REDIS = Symbol('REDIS');

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [PlatformConfig],
      useFactory: (config: PlatformConfig) => {
        // Commands issued in the same turn of the event loop (MULTI blocks included) go out in
        // one write (see the class). Subscribers have their own connections.
        const client = new WriteCoalescingRedis({
          ...redisOptionsFromUrl(config.get('REDIS_URL')),
          keyPrefix: `${config.get('REDIS_PREFIX')}:`,
          connectionName: 'limited-run',
          maxRetriesPerRequest: 2,
        });
        // Without a listener ioredis prints each failed reconnect to stderr, outside the JSON
        // log; a command that fails is its caller's to handle.
        const logger = new Logger('Redis');
        client.on('error', (error: unknown) =>
          logger.warn({ err: error }, 'Redis connection failed; reconnecting'),
        );
        return client;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
