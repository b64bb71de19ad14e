import { AdmissionModule } from '@limited-run/admission';
import { Module } from '@nestjs/common';
import { MyEntriesController } from './my-entries.controller';
import { RaffleController } from './raffle.controller';
import { RafflesModule } from './raffles.module';

/** The raffle routes and a fan's entries (`/me/raffle-entries`, `/me/waitlists`), for the API. */
@Module({
  imports: [RafflesModule, AdmissionModule],
  controllers: [RaffleController, MyEntriesController],
})
export class RafflesHttpModule {}
