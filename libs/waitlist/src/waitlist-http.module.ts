import { Module } from '@nestjs/common';
import { FairnessController } from './fairness/fairness.controller';
import { MyEntriesController } from './my-entries.controller';
import { RaffleController } from './raffle/raffle.controller';
import { RoomController } from './room/room.controller';
import { RoomStreams } from './room/room-streams';
import { WaitlistController } from './waitlist/waitlist.controller';
import { WaitlistModule } from './waitlist.module';

/** The waitlist, raffle, fairness and waiting-room routes, for the API. */
@Module({
  imports: [WaitlistModule],
  controllers: [
    WaitlistController,
    RaffleController,
    FairnessController,
    RoomController,
    MyEntriesController,
  ],
  providers: [RoomStreams],
})
export class WaitlistHttpModule {}
