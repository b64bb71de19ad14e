import { randomUUID } from 'node:crypto';
import { PlatformConfig } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { rows } from '../sql';
import { RoomOpener } from './room-opener';
import { WaitingRoom } from './waiting-room';

/** Rooms one tick looks at, at most (a bound, not an expected number). */
const MAX_ROOMS_PER_TICK = 500;

interface RoomStock {
  state: string;
  due: boolean;
  /** Units the public may hold: none while a second chance keeps them for the waitlist. */
  open_units: number;
}

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
    const [stock] = await rows<RoomStock>(
      this.dataSource,
      `SELECT d.state, d.starts_at <= now() AS due,
              CASE WHEN EXISTS (SELECT 1 FROM waitlist_second_chances s WHERE s.drop_id = d.id)
                    AND EXISTS (SELECT 1 FROM waitlist_entries w WHERE w.drop_id = d.id AND w.status = 'waiting')
                   THEN 0
                   ELSE (SELECT coalesce(sum(l.quantity_allocated - l.held - l.sold), 0)::int
                           FROM drop_lines l WHERE l.drop_id = d.id)
              END AS open_units
         FROM drops d WHERE d.id = $1`,
      [dropId],
    );
    if (!stock || (stock.state !== 'scheduled' && stock.state !== 'live')) {
      await this.room.close(dropId);
      await this.room.announce(dropId, { closed: true });
      return 0;
    }
    const phase = await this.room.phase(dropId);
    if (phase === 'pre' || phase === 'shuffling') {
      if (stock.due) await this.opener.open(dropId);
      return 0;
    }
    // Holds need a live drop: nobody is let in before the drop itself has opened.
    if (phase !== 'open' || stock.state !== 'live') return 0;
    const outcome = await this.room.tick(dropId, this.admitPerSecond, Number(stock.open_units) > 0);
    if (!outcome) return 0;
    if (outcome.admitted > 0 || outcome.soldOutChanged) {
      await this.room.announce(dropId, {
        admitted: outcome.admitted,
        soldOut: Number(stock.open_units) <= 0,
      });
    }
    return outcome.admitted;
  }
}
