import { AdmissionModule } from '@limited-run/admission';
import { DropsModule } from '@limited-run/drops';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DropEntries } from './drop-entries';
import { RaffleEntry } from './raffle-entry.entity';
import { RaffleService } from './raffle.service';

/**
 * Raffle entries and their odds, without routes and without the draw: the API adds the routes
 * (`RafflesHttpModule`), the worker the draw and pass-down (`RaffleDrawModule`), and checkout's
 * drop cancellation closes entries through `DropEntries`.
 */
@Module({
  imports: [TypeOrmModule.forFeature([RaffleEntry]), AdmissionModule, DropsModule],
  providers: [RaffleService, DropEntries],
  exports: [RaffleService, DropEntries],
})
export class RafflesModule {}
