import { WAITLIST_QUEUE, WaitlistJob, WaitlistService } from '@limited-run/admission';
import { SecondChance } from '@limited-run/second-chance';
import { Process, Processor } from '@nestjs/bull';

/**
 * Waitlists: telling them a drop opened, and second-chance offers after a sellout, by a sweep
 * registered by `SafetyNets`.
 */
@Processor(WAITLIST_QUEUE)
export class WaitlistProcessor {
  constructor(
    private readonly waitlists: WaitlistService,
    private readonly secondChance: SecondChance,
  ) {}

  @Process(WaitlistJob.WaitlistSweep)
  async sweep(): Promise<{ notified: number; offered: number }> {
    const notified = await this.waitlists.notifyOpenings();
    let offered = 0;
    for (const dropId of await this.secondChance.candidates()) {
      offered += await this.secondChance.run(dropId);
    }
    return { notified, offered };
  }
}
