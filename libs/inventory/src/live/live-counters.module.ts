import { Module } from '@nestjs/common';
import { CounterFeed } from './counter-feed';
import { CounterHistory } from './counter-history';
import { DropAvailability } from './drop-availability';
import { DropStateAnnouncer } from './drop-state-announcer';
import { EarlyAccessAnnouncements } from './early-access-announcements';

/**
 * Publishing and reading a drop's live counters, without routes: whatever moves stock
 * (the API's hold path, the worker's expiry) imports this for `CounterFeed`.
 */
@Module({
  providers: [
    CounterFeed,
    CounterHistory,
    DropAvailability,
    DropStateAnnouncer,
    EarlyAccessAnnouncements,
  ],
  exports: [CounterFeed, CounterHistory, DropAvailability, EarlyAccessAnnouncements],
})
export class LiveCountersModule {}
