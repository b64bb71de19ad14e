import { DynamicModule, Module } from '@nestjs/common';
import { PlatformConfigModule } from './config/platform-config.module';
import { DatabaseModule } from './database/database.module';
import { LoggingModule } from './logging/logging.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './redis/redis.module';

/** What every process needs: validated config, logs, Postgres, Redis and Bull. */
@Module({})
export class PlatformModule {
  static forRoot(): DynamicModule {
    const config = PlatformConfigModule.forRoot();
    return {
      module: PlatformModule,
      imports: [config, LoggingModule, DatabaseModule, RedisModule, QueuesModule],
      exports: [config, LoggingModule, DatabaseModule, RedisModule, QueuesModule],
    };
  }
}
