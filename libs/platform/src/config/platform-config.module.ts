import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { validateEnvironment } from './environment';
import { PlatformConfig } from './platform-config.service';

@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      envFilePath: ['.env'],
      validate: validateEnvironment,
      cache: true,
    }),
  ],
  providers: [PlatformConfig],
  exports: [PlatformConfig],
})
export class PlatformConfigModule {}
