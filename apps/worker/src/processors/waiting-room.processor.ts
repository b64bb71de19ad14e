import {
  type OpenRoomJob,
  RoomOpener,
  type RoomOpening,
  RoomTicker,
  WAITLIST_QUEUE,
  WaitlistJob,
} from '@limited-run/admission';
import { Process, Processor } from '@nestjs/bull';
import { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Job } from 'bull';
import { PinoLogger } from 'nestjs-pino';

/** How often rooms are ticked: admission pacing and the sold-out signal move in these steps. */
const TICK_MS = 200;
/** A room's ticking lease: a worker that stops renewing it hands the room over this quickly. */
const LEASE_MS = 1000;

class RoomNotDueYetError extends Error {}

/**
 * Waiting rooms: each room's opening (the pre-queue's shuffle) at its drop's start, and a
 * ticker that lets fans through. The ticker is a timer, but holds no state: every room lives
 * in Redis and a lease makes one worker tick it at a time.
 */
@Processor(WAITLIST_QUEUE)
export class WaitingRoomProcessor implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private ticking = false;

  constructor(
    private readonly opener: RoomOpener,
    private readonly ticker: RoomTicker,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(WaitingRoomProcessor.name);
  }

  onModuleInit(): void {
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  @Process(WaitlistJob.OpenRoom)
  async open(job: Job<OpenRoomJob>): Promise<RoomOpening> {
    const outcome = await this.opener.open(job.data.dropId);
    if (outcome === 'not-due') throw new RoomNotDueYetError('the drop has not started yet');
    return outcome;
  }

  private tick(): void {
    if (this.ticking) return;
    this.ticking = true;
    this.ticker
      .tickAll(LEASE_MS)
      .catch((error: unknown) => this.logger.warn({ err: error }, 'waiting rooms not ticked'))
      .finally(() => {
        this.ticking = false;
      });
  }
}
