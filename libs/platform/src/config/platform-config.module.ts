import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Environment, validateEnvironment } from './environment';
import { PlatformConfig } from './platform-config.service';

@Global()
@Module({})
export class PlatformConfigModule {
  /**
   * Validates the environment when an app module is composed, not when this library is
   * imported, so scripts can use the library before a database exists.
   */
  static forRoot(requiredVariables: ReadonlyArray<keyof Environment> = []): DynamicModule {
    return {
      module: PlatformConfigModule,
      imports: [
        ConfigModule.forRoot({
          envFilePath: ['.env'],
          validate: (raw) => validateEnvironment(raw, requiredVariables),
          cache: true,
        }),
      ],
      providers: [PlatformConfig],
      exports: [PlatformConfig],
    };
  }
}
