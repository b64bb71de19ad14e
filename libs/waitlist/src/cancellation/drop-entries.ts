import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { rows } from '../sql';

/** Entries still waiting for something from a drop: what a cancel closes. */
export interface OpenEntries {
  raffleEntries: number;
  waitlistEntries: number;
}

/** Fans whose entries a cancel closed, to be told. */
export interface ClosedEntries {
  raffleUserIds: string[];
  waitlistUserIds: string[];
}

const OPEN_RAFFLE = `('entered', 'in_line', 'won', 'offered')`;
const OPEN_WAITLIST = `('waiting', 'offered')`;

/** Raffle and waitlist entries of a drop, as the drop's cancel sees them. */
@Injectable()
export class DropEntries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async countOpen(dropId: string): Promise<OpenEntries> {
    const [counts] = await rows<{ raffle: number; waitlist: number }>(
      this.dataSource,
      `SELECT (SELECT count(*)::int FROM raffle_entries
                WHERE drop_id = $1 AND status IN ${OPEN_RAFFLE}) AS raffle,
              (SELECT count(*)::int FROM waitlist_entries
                WHERE drop_id = $1 AND status IN ${OPEN_WAITLIST}) AS waitlist`,
      [dropId],
    );
    return { raffleEntries: counts.raffle, waitlistEntries: counts.waitlist };
  }

  /**
   * Closes every open entry of a drop being cancelled (`cancelled`), in the caller's
   * transaction. Won and offered entries' holds are released by the cancel itself; an offered
   * waitlist entry lets go of its hold's id, which its status no longer explains.
   */
  async closeForCancelledDrop(manager: EntityManager, dropId: string): Promise<ClosedEntries> {
    const raffle = await rows<{ user_id: string }>(
      manager,
      `UPDATE raffle_entries SET status = 'cancelled', updated_at = now()
        WHERE drop_id = $1 AND status IN ${OPEN_RAFFLE}
       RETURNING user_id`,
      [dropId],
    );
    const waitlist = await rows<{ user_id: string }>(
      manager,
      `UPDATE waitlist_entries SET status = 'cancelled', offer_hold_id = NULL, updated_at = now()
        WHERE drop_id = $1 AND status IN ${OPEN_WAITLIST}
       RETURNING user_id`,
      [dropId],
    );
    return {
      raffleUserIds: raffle.map((row) => row.user_id),
      waitlistUserIds: waitlist.map((row) => row.user_id),
    };
  }
}
