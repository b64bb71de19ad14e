import { Module } from '@nestjs/common';
import { FairnessController } from './fairness/fairness.controller';
import { RoomController } from './room/room.controller';
import { RoomStreams } from './room/room-streams';
import { WaitlistController } from './waitlist/waitlist.controller';
import { AdmissionModule } from './admission.module';

/** The waitlist, fairness and waiting-room routes, for the API. */
@Module({
  imports: [AdmissionModule],
  controllers: [WaitlistController, FairnessController, RoomController],
  providers: [RoomStreams],
})
export class AdmissionHttpModule {}
