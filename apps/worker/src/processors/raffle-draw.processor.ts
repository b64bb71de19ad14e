import { type DrawJob, WAITLIST_QUEUE, WaitlistJob } from '@limited-run/admission';
import { type DrawOutcome, RaffleDraw } from '@limited-run/raffles';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';

/** Thrown so Bull retries a draw job that fired a moment before the cutoff (clock skew). */
class RaffleNotDueYetError extends Error {}

/** Raffle draws at their cutoff; the sweep (registered by `SafetyNets`) catches lost ones. */
@Processor(WAITLIST_QUEUE)
export class RaffleDrawProcessor {
  constructor(private readonly raffles: RaffleDraw) {}

  @Process(WaitlistJob.Draw)
  async draw(job: Job<DrawJob>): Promise<DrawOutcome> {
    const outcome = await this.raffles.draw(job.data.dropId);
    if (outcome === 'not-due') throw new RaffleNotDueYetError('the entry window is still open');
    return outcome;
  }

  /** Draws whose job was lost, then units to pass down the drawn order. */
  @Process(WaitlistJob.RaffleSweep)
  async sweep(): Promise<{ drawn: number; offered: number }> {
    let drawn = 0;
    let offered = 0;
    for (const dropId of await this.raffles.dueDraws()) {
      if ((await this.raffles.draw(dropId)) === 'drawn') drawn++;
    }
    for (const dropId of await this.raffles.passDownCandidates()) {
      offered += await this.raffles.passDown(dropId);
    }
    return { drawn, offered };
  }
}
