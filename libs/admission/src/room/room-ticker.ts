import { randomUUID } from 'node:crypto';
import { lineStock, readDropTerms } from '@limited-run/drops';
import { PlatformConfig } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { WaitlistOffers } from '../waitlist/waitlist-offers';
import { RoomOpener } from './room-opener';
import { WaitingRoom } from './waiting-room';

/** Rooms one tick looks at, at most (a bound, not an expected number). */
const MAX_ROOMS_PER_TICK = 500;

/**
 * Drives every active waiting room: opens those whose drop is due, lets fans through at the
 * configured rate while the drop is live and has units the public may hold, tells everyone at
 * once when none are left (and when some come back), and closes rooms of drops that ended.
 * Each room is ticked by one worker at a time (a short Redis lease), so running more workers
 * never admits faster than the rate.
 */
@Injectable()
export class RoomTicker {
  private readonly owner = randomUUID();
  private readonly admitPerSecond: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly room: WaitingRoom,
    private readonly opener: RoomOpener,
    private readonly waitlist: WaitlistOffers,
    private readonly logger: PinoLogger,
    config: PlatformConfig,
  ) {
    this.logger.setContext(RoomTicker.name);
    this.admitPerSecond = config.get('WAITING_ROOM_ADMIT_PER_SECOND');
  }

  /** One pass over the active rooms; `leaseMs` should be a few tick intervals. */
  async tickAll(leaseMs: number): Promise<number> {
    let admitted = 0;
    const rooms = (await this.room.activeRooms()).slice(0, MAX_ROOMS_PER_TICK);
    for (const dropId of rooms) {
      try {
        if (!(await this.room.lease(dropId, this.owner, leaseMs))) continue;
        admitted += await this.tickOne(dropId);
      } catch (error) {
        this.logger.warn({ err: error, dropId }, 'waiting room tick failed');
      }
    }
    return admitted;
  }

  private async tickOne(dropId: string): Promise<number> {
    const drop = await readDropTerms(this.dataSource, dropId);
    if (!drop || (drop.state !== 'scheduled' && drop.state !== 'live')) {
      await this.room.close(dropId);
      await this.room.announce(dropId, { closed: true });
      return 0;
    }
    const phase = await this.room.phase(dropId);
    if (phase === 'pre' || phase === 'shuffling') {
      if (drop.startsAt <= drop.now) await this.opener.open(dropId);
      return 0;
    }
    // Holds need a live drop: nobody is let in before the drop itself has opened.
    if (phase !== 'open' || drop.state !== 'live') return 0;
    const openUnits = await this.openUnits(dropId);
    const outcome = await this.room.tick(dropId, this.admitPerSecond, openUnits > 0);
    if (!outcome) return 0;
    if (outcome.admitted > 0 || outcome.soldOutChanged) {
      await this.room.announce(dropId, {
        admitted: outcome.admitted,
        soldOut: openUnits <= 0,
      });
    }
    return outcome.admitted;
  }

  /** Units the public may hold: none while a second chance keeps them for the waitlist. */
  private async openUnits(dropId: string): Promise<number> {
    if (await this.waitlist.holdsBackUnits(this.dataSource, dropId)) return 0;
    const lines = await lineStock(this.dataSource, dropId);
    return lines.reduce((sum, line) => sum + line.available, 0);
  }
}
