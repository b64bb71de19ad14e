import { Module } from '@nestjs/common';
import { RoomOpener } from './room/room-opener';
import { RoomTicker } from './room/room-ticker';
import { AdmissionModule } from './admission.module';

/**
 * What the worker runs of admission: the waiting rooms' openings and admission ticks. Raffle
 * draws and second-chance offers grant holds, so they live above the inventory library
 * (`@limited-run/raffles`, `@limited-run/second-chance`).
 */
@Module({
  imports: [AdmissionModule],
  providers: [RoomOpener, RoomTicker],
  exports: [AdmissionModule, RoomOpener, RoomTicker],
})
export class AdmissionWorkerModule {}
