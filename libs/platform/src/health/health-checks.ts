import { getQueueToken } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  HealthIndicatorFunction,
  HealthIndicatorResult,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { Queue } from 'bull';
import Redis from 'ioredis';
import { REDIS } from '../redis/redis.module';

export const HEALTH_QUEUES = Symbol('HEALTH_QUEUES');
const TIMEOUT_MS = 1500;

/** The dependencies a process needs before it can take traffic or jobs. */
@Injectable()
export class ReadinessChecks {
  constructor(
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly moduleRef: ModuleRef,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(HEALTH_QUEUES) private readonly queueNames: readonly string[],
  ) {}

  all(): HealthIndicatorFunction[] {
    return [
      () => this.db.pingCheck('database', { timeout: TIMEOUT_MS }),
      () => this.redisCheck(),
      () => this.queueCheck(),
    ];
  }

  private async redisCheck(): Promise<HealthIndicatorResult> {
    return this.indicators
      .check('redis')
      .attempt(async () => {
        await this.redis.ping();
      })
      .withTimeout(TIMEOUT_MS);
  }

  private async queueCheck(): Promise<HealthIndicatorResult> {
    return this.indicators
      .check('queues')
      .attempt(async () => {
        const counts: Record<string, number> = {};
        for (const name of this.queueNames) {
          const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
          await queue.isReady();
          counts[name] = await queue.count();
        }
        return { waiting: counts };
      })
      .withTimeout(TIMEOUT_MS);
  }
}
