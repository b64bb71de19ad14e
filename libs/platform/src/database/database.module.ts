import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformConfig } from '../config/platform-config.service';
import { buildDataSourceOptions } from './data-source-options';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [PlatformConfig],
      useFactory: (config: PlatformConfig) => ({
        ...buildDataSourceOptions({
          url: config.get('DATABASE_URL'),
          poolSize: config.get('DATABASE_POOL_SIZE'),
          applicationName: 'limited-run',
        }),
        // Apps get their entities from each library's TypeOrmModule.forFeature.
        entities: [],
        autoLoadEntities: true,
        retryAttempts: 3,
        retryDelay: 500,
      }),
    }),
  ],
})
export class DatabaseModule {}
