import {
  type ClockOutcome,
  type CloseDropJob,
  DropClock,
  DropJob,
  DROPS_QUEUE,
  DropScheduler,
  type OpenDropJob,
  type SweepResult,
} from '@limited-run/drops';
import { EarlyAccessAnnouncements } from '@limited-run/inventory';
import { PlatformConfig } from '@limited-run/platform';
import { Process, Processor } from '@nestjs/bull';
import { OnModuleInit } from '@nestjs/common';
import type { Job } from 'bull';

/** Thrown so Bull retries a job that fired a moment before its drop was due (clock skew). */
class DropNotDueYetError extends Error {}

@Processor(DROPS_QUEUE)
export class DropScheduleProcessor implements OnModuleInit {
  constructor(
    private readonly clock: DropClock,
    private readonly scheduler: DropScheduler,
    private readonly config: PlatformConfig,
    private readonly earlyAccess: EarlyAccessAnnouncements,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.scheduler.scheduleSweep(this.config.get('DROP_SWEEP_SECONDS') * 1000);
  }

  @Process(DropJob.Open)
  async open(job: Job<OpenDropJob>): Promise<ClockOutcome> {
    return this.settle(await this.clock.open(job.data.dropId, job.data.startsAt));
  }

  @Process(DropJob.Close)
  async close(job: Job<CloseDropJob>): Promise<ClockOutcome> {
    return this.settle(await this.clock.close(job.data.dropId, job.data.endsAt));
  }

  /** Opens and closes due drops, and tells live streams of early-access windows that opened. */
  @Process(DropJob.Sweep)
  async sweep(): Promise<SweepResult> {
    const result = await this.clock.sweep();
    await this.earlyAccess.announceDue();
    return result;
  }

  private settle(outcome: ClockOutcome): ClockOutcome {
    if (outcome === 'not-due') throw new DropNotDueYetError('the drop is not due yet; retrying');
    return outcome;
  }
}
