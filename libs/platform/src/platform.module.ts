import { Module } from '@nestjs/common';
import { PlatformConfigModule } from './config/platform-config.module';
import { DatabaseModule } from './database/database.module';
import { LoggingModule } from './logging/logging.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './redis/redis.module';

/** What every process needs: validated config, logs, Postgres, Redis and Bull. */
@Module({
  imports: [PlatformConfigModule, LoggingModule, DatabaseModule, RedisModule, QueuesModule],
  exports: [PlatformConfigModule, LoggingModule, DatabaseModule, RedisModule, QueuesModule],
})
export class PlatformModule {}
