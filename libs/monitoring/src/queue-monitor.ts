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
  ) {}

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
    const [row] = await this.dataSource.query<
      Array<{ pending: number; oldest: Date | null; failed: number; failed_day: number }>
    >(
      `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
              min(created_at) FILTER (WHERE status = 'pending') AS oldest,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status = 'failed' AND created_at > now() - interval '1 day')::int AS failed_day
         FROM notifications WHERE status IN ('pending', 'failed')`,
    );
    return {
      pending: row?.pending ?? 0,
      oldestPendingAt: row?.oldest ?? null,
      failed: row?.failed ?? 0,
      failedLastDay: row?.failed_day ?? 0,
    };
  }
}
