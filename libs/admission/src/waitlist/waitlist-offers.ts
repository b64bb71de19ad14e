import { liveDropIds } from '@limited-run/drops';
import { userContacts } from '@limited-run/identity';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rows } from '../sql';

/** The next fan in a waitlist's line, with the address their offer is mailed to. */
export interface WaitingFan {
  /** The waitlist entry's id. */
  id: string;
  user_id: string;
  email: string;
}

/**
 * The waitlist's side of second chance: which drops have fans waiting, whether a drop sold out
 * while they waited (from then on `EarlyAccessPolicy` keeps the public out while fans wait),
 * who is next in line, and what became of each offer. The offers themselves are holds, granted
 * above the inventory library by `@limited-run/second-chance`, in the caller's transaction.
 */
@Injectable()
export class WaitlistOffers {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every live drop with fans waiting, at most `limit` of them. */
  async dropsWithFansWaiting(limit: number): Promise<string[]> {
    const live = await liveDropIds(this.dataSource, ['first_come', 'waitlist_first']);
    const found = await rows<{ id: string }>(
      this.dataSource,
      `SELECT d.id FROM unnest($1::uuid[]) AS d(id)
        WHERE EXISTS (SELECT 1 FROM waitlist_entries w WHERE w.drop_id = d.id AND w.status = 'waiting')
        LIMIT $2`,
      [live, limit],
    );
    return found.map((row) => row.id);
  }

  /** Whether the drop has sold out while fans waited (second chance has begun). */
  async soldOutWhileWaiting(manager: EntityManager, dropId: string): Promise<boolean> {
    const [marked] = await rows<{ since: Date | null }>(
      manager,
      `SELECT sold_out_at AS since FROM waitlist_second_chances WHERE drop_id = $1`,
      [dropId],
    );
    return !!marked;
  }

  /**
   * Whether the waitlist has first call on the drop's free units right now (it sold out while
   * fans waited, and some still wait): the public may hold none of them meanwhile.
   */
  async holdsBackUnits(on: EntityManager | DataSource, dropId: string): Promise<boolean> {
    const [row] = await rows<{ held_back: boolean }>(
      on,
      `SELECT EXISTS (SELECT 1 FROM waitlist_second_chances s WHERE s.drop_id = $1)
              AND EXISTS (SELECT 1 FROM waitlist_entries w
                           WHERE w.drop_id = $1 AND w.status = 'waiting') AS held_back`,
      [dropId],
    );
    return row.held_back;
  }

  /** Notes the sellout: units that come back go to the waitlist first from now on. */
  async markSoldOut(manager: EntityManager, dropId: string): Promise<void> {
    await rows(
      manager,
      `INSERT INTO waitlist_second_chances (drop_id) VALUES ($1) ON CONFLICT DO NOTHING`,
      [dropId],
    );
  }

  /** Up to `count` waiting fans, in joining order, who would take this variant. */
  async nextFans(
    manager: EntityManager,
    dropId: string,
    variantId: string,
    count: number,
  ): Promise<WaitingFan[]> {
    const next = await rows<Omit<WaitingFan, 'email'>>(
      manager,
      `SELECT id, user_id FROM waitlist_entries
        WHERE drop_id = $1 AND status = 'waiting' AND (variant_id IS NULL OR variant_id = $2)
        ORDER BY position LIMIT $3`,
      [dropId, variantId, count],
    );
    const contacts = await userContacts(
      manager,
      next.map((fan) => fan.user_id),
    );
    // Accounts are never deleted, so every fan has their address (the join this replaced).
    return next.flatMap((fan) => {
      const email = contacts.get(fan.user_id)?.email;
      return email === undefined ? [] : [{ ...fan, email }];
    });
  }

  /** The fan was offered the hold `holdId`. */
  async markOffered(manager: EntityManager, entryId: string, holdId: string): Promise<void> {
    await rows(
      manager,
      `UPDATE waitlist_entries SET status = 'offered', offer_hold_id = $2, offered_at = now(),
              updated_at = now() WHERE id = $1`,
      [entryId, holdId],
    );
  }

  /** The fan was passed over (already at the drop's limit). */
  async markPassed(manager: EntityManager, entryId: string): Promise<void> {
    await rows(
      manager,
      `UPDATE waitlist_entries SET status = 'passed', updated_at = now() WHERE id = $1`,
      [entryId],
    );
  }
}
