import { WaitlistService } from '@limited-run/admission';
import { rows } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

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

/**
 * Raffle and waitlist entries of a drop, as the drop's cancel sees them: the raffle's here, the
 * waitlist's through admission's `WaitlistService`.
 */
@Injectable()
export class DropEntries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly waitlists: WaitlistService,
  ) {}

  async countOpen(dropId: string): Promise<OpenEntries> {
    const [counts] = await rows<{ raffle: number }>(
      this.dataSource,
      `SELECT count(*)::int AS raffle FROM raffle_entries
        WHERE drop_id = $1 AND status IN ${OPEN_RAFFLE}`,
      [dropId],
    );
    return {
      raffleEntries: counts.raffle,
      waitlistEntries: await this.waitlists.countOpen(dropId),
    };
  }

  /**
   * Closes every open entry of a drop being cancelled (`cancelled`), in the caller's
   * transaction. Won and offered entries' holds are released by the cancel itself.
   */
  async closeForCancelledDrop(manager: EntityManager, dropId: string): Promise<ClosedEntries> {
    const raffle = await rows<{ user_id: string }>(
      manager,
      `UPDATE raffle_entries SET status = 'cancelled', updated_at = now()
        WHERE drop_id = $1 AND status IN ${OPEN_RAFFLE}
       RETURNING user_id`,
      [dropId],
    );
    return {
      raffleUserIds: raffle.map((row) => row.user_id),
      waitlistUserIds: await this.waitlists.closeForCancelledDrop(manager, dropId),
    };
  }
}
