import { readOutboxBacklog } from '@limited-run/notifications';
import { Metrics } from '@limited-run/platform';
import { getQueueToken } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';

export const MONITORED_QUEUES = Symbol('MONITORED_QUEUES');

export interface QueueFigures {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  /** Jobs that failed after their last attempt (kept for inspection, see Bull Board). */
  failed: number;
  completed: number;
  paused: boolean;
}

export interface MailFigures {
  pending: number;
  oldestPendingAt: Date | null;
  /** Gave up after every attempt. */
  failed: number;
  failedLastDay: number;
}

/** Bull's queues and the mail outbox, for admins. */
@Injectable()
export class QueueMonitor {
  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(MONITORED_QUEUES) readonly names: readonly string[],
    @InjectDataSource() private readonly dataSource: DataSource,
    metrics: Metrics,
  ) {
    metrics.trackQueues(async () =>
      (await this.queues()).flatMap((q) =>
        (['waiting', 'active', 'delayed', 'failed'] as const).map((state) => ({
          queue: q.name,
          state,
          jobs: q[state],
        })),
      ),
    );
  }

  queue(name: string): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  async queues(): Promise<QueueFigures[]> {
    return Promise.all(
      this.names.map(async (name) => {
        const queue = this.queue(name);
        const [counts, paused] = await Promise.all([queue.getJobCounts(), queue.isPaused()]);
        return {
          name,
          waiting: counts.waiting,
          active: counts.active,
          delayed: counts.delayed,
          failed: counts.failed,
          completed: counts.completed,
          paused,
        };
      }),
    );
  }

  async mail(): Promise<MailFigures> {
    return readOutboxBacklog(this.dataSource);
  }
}
