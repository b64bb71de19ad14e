import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { PlatformConfig } from '../config/platform-config.service';
import { redisOptionsFromUrl } from './redis-url';

/** The shared command connection. Keys are prefixed with `REDIS_PREFIX:`. */
export const REDIS = Symbol('REDIS');

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [PlatformConfig],
      useFactory: (config: PlatformConfig) =>
        new Redis({
          ...redisOptionsFromUrl(config.get('REDIS_URL')),
          keyPrefix: `${config.get('REDIS_PREFIX')}:`,
          connectionName: 'limited-run',
          maxRetriesPerRequest: 2,
        }),
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
