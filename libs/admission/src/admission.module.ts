import { DropsModule } from '@limited-run/drops';
import { NotificationsModule } from '@limited-run/notifications';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DropFairness } from './fairness/drop-fairness.entity';
import { FairnessProofFile } from './fairness/fairness-proof-file.entity';
import { FairnessProofPage } from './fairness/fairness-proof-page.entity';
import { FairnessService } from './fairness/fairness.service';
import { EarlyAccessPolicy } from './policies/early-access.policy';
import { AdmissionPolicy } from './room/admission.policy';
import { AdmissionTokens } from './room/admission-tokens';
import { RoomService } from './room/room.service';
import { WaitingRoom } from './room/waiting-room';
import { WaitlistEntry } from './waitlist/waitlist-entry.entity';
import { WaitlistOffers } from './waitlist/waitlist-offers';
import { WaitlistSecondChance } from './waitlist/waitlist-second-chance.entity';
import { WaitlistService } from './waitlist/waitlist.service';
import { WAITLIST_QUEUE } from './waitlist.queue';
import { WaitlistScheduler } from './waitlist-scheduler';

/**
 * Who may hold a drop's units, and when: waitlists (early access, second-chance priority), the
 * waiting room, and the fairness proofs of its (and the raffles') draws. Below the inventory
 * library, which consults `EarlyAccessPolicy` and `AdmissionPolicy` on the hot path; whatever
 * grants holds (raffles, second chance) sits above inventory and imports both. The API adds
 * the routes (`AdmissionHttpModule`), the worker the room's opener and ticker
 * (`AdmissionWorkerModule`).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      WaitlistEntry,
      WaitlistSecondChance,
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
    WaitlistOffers,
    WaitingRoom,
    AdmissionTokens,
    RoomService,
    AdmissionPolicy,
    EarlyAccessPolicy,
    WaitlistScheduler,
  ],
  exports: [
    FairnessService,
    WaitlistService,
    WaitlistOffers,
    WaitingRoom,
    RoomService,
    AdmissionPolicy,
    EarlyAccessPolicy,
    WaitlistScheduler,
  ],
})
export class AdmissionModule {}
