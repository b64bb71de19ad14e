import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HEALTH_QUEUES, ReadinessChecks } from './health-checks';
import { HealthController } from './health.controller';

@Module({})
export class HealthModule {
  /** @param queues the Bull queues this process depends on, checked by `/health/ready`. */
  static forRoot(queues: readonly string[]): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ gracefulShutdownTimeoutMs: 0 })],
      controllers: [HealthController],
      providers: [ReadinessChecks, { provide: HEALTH_QUEUES, useValue: queues }],
    };
  }
}
