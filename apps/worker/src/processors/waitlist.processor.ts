import {
  WAITLIST_QUEUE,
  WaitlistJob,
  WaitlistScheduler,
  WaitlistService,
} from '@limited-run/admission';
import { PlatformConfig } from '@limited-run/platform';
import { SecondChance } from '@limited-run/second-chance';
import { Process, Processor } from '@nestjs/bull';
import { OnModuleInit } from '@nestjs/common';

/** Waitlists: telling them a drop opened, and second-chance offers after a sellout. */
@Processor(WAITLIST_QUEUE)
export class WaitlistProcessor implements OnModuleInit {
  constructor(
    private readonly waitlists: WaitlistService,
    private readonly secondChance: SecondChance,
    private readonly scheduler: WaitlistScheduler,
    private readonly config: PlatformConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.scheduler.scheduleSweep(
      WaitlistJob.WaitlistSweep,
      this.config.get('WAITLIST_SWEEP_SECONDS') * 1000,
    );
  }

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
