import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { PlatformConfig } from '../config/platform-config.service';
import { redisOptionsFromUrl } from '../redis/redis-url';

/**
 * Bull's shared connection settings. Each library registers its own queues with
 * `BullModule.registerQueue`; queue names and job payloads live beside them.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [PlatformConfig],
      useFactory: (config: PlatformConfig) => ({
        redis: {
          ...redisOptionsFromUrl(config.get('REDIS_URL')),
          // Bull's blocking and subscriber connections require these two settings.
          maxRetriesPerRequest: null,
          enableReadyCheck: false,
        },
        prefix: `${config.get('REDIS_PREFIX')}:bull`,
        defaultJobOptions: {
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: 1000,
          removeOnFail: 5000,
        },
      }),
    }),
  ],
  exports: [BullModule],
})
export class QueuesModule {}
