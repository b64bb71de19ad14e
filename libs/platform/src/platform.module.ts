import { DynamicModule, Module } from '@nestjs/common';
import type { Environment } from './config/environment';
import { PlatformConfigModule } from './config/platform-config.module';
import { DatabaseModule } from './database/database.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './redis/redis.module';

/** What every process needs: validated config, logs, Postgres, Redis, Bull and metrics. */
@Module({})
export class PlatformModule {
  /** `requiredVariables`: optional settings this app cannot run without (the API's JWT_SECRET). */
  static forRoot(requiredVariables: ReadonlyArray<keyof Environment> = []): DynamicModule {
    const config = PlatformConfigModule.forRoot(requiredVariables);
    return {
      module: PlatformModule,
      imports: [config, LoggingModule, DatabaseModule, RedisModule, QueuesModule, MetricsModule],
      exports: [config, LoggingModule, DatabaseModule, RedisModule, QueuesModule, MetricsModule],
    };
  }
}
