import { DropsModule } from '@limited-run/drops';
import { NotificationsModule } from '@limited-run/notifications';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DropEntries } from './cancellation/drop-entries';
import { DropFairness } from './fairness/drop-fairness.entity';
import { FairnessProofFile } from './fairness/fairness-proof-file.entity';
import { FairnessProofPage } from './fairness/fairness-proof-page.entity';
import { FairnessService } from './fairness/fairness.service';
import { EarlyAccessPolicy } from './policies/early-access.policy';
import { RaffleEntry } from './raffle/raffle-entry.entity';
import { RaffleService } from './raffle/raffle.service';
import { AdmissionPolicy } from './room/admission.policy';
import { AdmissionTokens } from './room/admission-tokens';
import { RoomService } from './room/room.service';
import { WaitingRoom } from './room/waiting-room';
import { WaitlistEntry } from './waitlist/waitlist-entry.entity';
import { WaitlistSecondChance } from './waitlist/waitlist-second-chance.entity';
import { WaitlistService } from './waitlist/waitlist.service';
import { WAITLIST_QUEUE } from './waitlist.queue';
import { WaitlistScheduler } from './waitlist-scheduler';

/**
 * Waitlists, raffle entries, fairness and the waiting room, without routes and without the
 * inventory library: the hold path imports this for `EarlyAccessPolicy` and `AdmissionPolicy`
 * (no cycle), the API adds the routes (`WaitlistHttpModule`), the worker the draws and offers
 * (`WaitlistWorkerModule`).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      WaitlistEntry,
      WaitlistSecondChance,
      RaffleEntry,
      DropFairness,
      FairnessProofFile,
      FairnessProofPage,
    ]),
    BullModule.registerQueue({ name: WAITLIST_QUEUE }),
    DropsModule,
    NotificationsModule,
  ],
  providers: [
    FairnessService,
    WaitlistService,
    RaffleService,
    WaitingRoom,
    AdmissionTokens,
    RoomService,
    AdmissionPolicy,
    EarlyAccessPolicy,
    WaitlistScheduler,
    DropEntries,
  ],
  exports: [
    DropEntries,
    FairnessService,
    WaitlistService,
    RaffleService,
    WaitingRoom,
    RoomService,
    AdmissionPolicy,
    EarlyAccessPolicy,
    WaitlistScheduler,
  ],
})
export class WaitlistModule {}
