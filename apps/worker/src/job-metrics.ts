import { Metrics } from '@limited-run/platform';
import { getQueueToken } from '@nestjs/bull';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, Queue } from 'bull';
import { WORKER_QUEUES } from './queue-shutdown';

/** Job durations by queue, job name and outcome, from the jobs this worker processed. */
@Injectable()
export class JobMetrics implements OnModuleInit {
  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(WORKER_QUEUES) private readonly names: readonly string[],
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    for (const name of this.names) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      const observe = (job: Job, outcome: 'completed' | 'failed'): void => {
        if (!job.processedOn || !job.finishedOn) return;
        this.metrics.jobDuration.observe(
          { queue: name, job: job.name, outcome },
          (job.finishedOn - job.processedOn) / 1000,
        );
      };
      // Local events: this process's own jobs, so two workers never count one job twice.
      queue.on('completed', (job: Job) => observe(job, 'completed'));
      queue.on('failed', (job: Job) => observe(job, 'failed'));
    }
  }
}
