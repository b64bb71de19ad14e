import { Module } from '@nestjs/common';
import { CounterSubscriptions } from './counter-subscriptions';
import { LiveCountersController } from './live-counters.controller';
import { LiveCountersModule } from './live-counters.module';
import { LiveStreams } from './live-streams';

/** The live-counters routes and this process's subscriber connection, for the API only. */
@Module({
  imports: [LiveCountersModule],
  providers: [CounterSubscriptions, LiveStreams],
  controllers: [LiveCountersController],
})
export class LiveCountersHttpModule {}
