import {
  type ClockOutcome,
  type CloseDropJob,
  DropClock,
  DropJob,
  DROPS_QUEUE,
  type OpenDropJob,
  type SweepResult,
} from '@limited-run/drops';
import { EarlyAccessAnnouncements } from '@limited-run/inventory';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';

/** Thrown so Bull retries a job that fired a moment before its drop was due (clock skew). */
class DropNotDueYetError extends Error {}

/** Opens and closes drops on time; the sweep (registered by `SafetyNets`) catches lost jobs. */
@Processor(DROPS_QUEUE)
export class DropScheduleProcessor {
  constructor(
    private readonly clock: DropClock,
    private readonly earlyAccess: EarlyAccessAnnouncements,
  ) {}

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
