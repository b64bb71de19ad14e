import { readVariantLabels } from '@limited-run/catalog';
import {
  DropNotFoundError,
  type DropTerms,
  isLineOf,
  readDropNames,
  readDropTerms,
  VISIBLE_DROP_STATES,
  type WaitlistOpening,
  waitlistOpenings,
} from '@limited-run/drops';
import { userContacts } from '@limited-run/identity';
import { NotificationsService } from '@limited-run/notifications';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rows } from '../sql';
import { markDueForOpening, type OpeningEntry } from './opening-entries';
import {
  NotOnWaitlistError,
  VariantNotInDropError,
  WaitlistClosedError,
} from '../admission.errors';
import type { WaitlistStatus } from './waitlist-entry.entity';

/** A fan's place on a drop's waitlist. */
export interface WaitlistView {
  dropId: string;
  status: WaitlistStatus;
  /** 1-based among the fans still waiting; null once offered a unit. */
  position: number | null;
  /** Fans waiting on this drop. */
  waiting: number;
  variantId: string | null;
  joinedAt: string;
  /** `waitlist_first` only: joined before early access began, so may hold during it. */
  earlyAccess: boolean;
  offerHoldId: string | null;
}

/** One of a fan's waitlists, for their account page (`GET /me/waitlists`). */
export interface FanWaitlistRow {
  dropId: string;
  dropName: string;
  /** The item and variant named, or null for any. */
  wanted: string | null;
  status: WaitlistStatus;
  offerHoldId: string | null;
  joinedAt: Date;
}

/** Waitlist entries still waiting for something from a drop: what a cancel closes. */
const OPEN_WAITLIST = `('waiting', 'offered')`;

interface EntryRow {
  drop_id: string;
  user_id: string;
  status: WaitlistStatus;
  position: string;
  variant_id: string | null;
  created_at: Date;
  offer_hold_id: string | null;
}

/** Waitlists: a release mode's way to be told first, get early access and second chances. */
@Injectable()
export class WaitlistService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Joins, or (already on it) changes the variant wanted without losing the place. Rejoining
   * after leaving goes to the back. Open while the drop is scheduled or live; raffles use
   * entries instead.
   */
  async join(userId: string, dropId: string, variantId: string | null): Promise<WaitlistView> {
    return this.dataSource.transaction(async (manager) => {
      const drop = await this.visibleDrop(manager, dropId);
      if (drop.releaseMode === 'raffle') {
        throw new WaitlistClosedError('a raffle drop is entered, not waited for');
      }
      if (drop.state !== 'scheduled' && drop.state !== 'live') {
        throw new WaitlistClosedError(`the drop is ${drop.state}`);
      }
      if (variantId && !(await isLineOf(manager, dropId, variantId))) {
        throw new VariantNotInDropError();
      }
      const [entry] = await rows<EntryRow>(
        manager,
        `INSERT INTO waitlist_entries (drop_id, user_id, variant_id) VALUES ($1, $2, $3)
         ON CONFLICT (drop_id, user_id) DO UPDATE SET
           variant_id = EXCLUDED.variant_id,
           status = CASE WHEN waitlist_entries.status = 'left' THEN 'waiting' ELSE waitlist_entries.status END,
           position = CASE WHEN waitlist_entries.status = 'left'
                           THEN nextval(pg_get_serial_sequence('waitlist_entries', 'position'))
                           ELSE waitlist_entries.position END,
           created_at = CASE WHEN waitlist_entries.status = 'left' THEN now() ELSE waitlist_entries.created_at END,
           notified_at = CASE WHEN waitlist_entries.status = 'left' THEN NULL ELSE waitlist_entries.notified_at END,
           updated_at = now()
         RETURNING drop_id, user_id, status, position, variant_id, created_at, offer_hold_id`,
        [dropId, userId, variantId],
      );
      return this.view(manager, drop, entry);
    });
  }

  /** Leaves the waitlist (also after an offer, which then stays the fan's to pay or let lapse). */
  async leave(userId: string, dropId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.visibleDrop(manager, dropId);
      const left = await rows<{ id: string }>(
        manager,
        `UPDATE waitlist_entries SET status = 'left', offer_hold_id = NULL, updated_at = now()
          WHERE drop_id = $1 AND user_id = $2 AND status <> 'left' RETURNING id`,
        [dropId, userId],
      );
      if (left.length === 0) throw new NotOnWaitlistError();
    });
  }

  async me(userId: string, dropId: string): Promise<WaitlistView> {
    return this.dataSource.transaction(async (manager) => {
      const drop = await this.visibleDrop(manager, dropId);
      const [entry] = await rows<EntryRow>(
        manager,
        `SELECT drop_id, user_id, status, position, variant_id, created_at, offer_hold_id
           FROM waitlist_entries WHERE drop_id = $1 AND user_id = $2 AND status <> 'left'`,
        [dropId, userId],
      );
      if (!entry) throw new NotOnWaitlistError();
      return this.view(manager, drop, entry);
    });
  }

  /** The waitlists the fan is on (or was), newest first (the latest 100). */
  async mine(userId: string): Promise<FanWaitlistRow[]> {
    const entries = await rows<
      Omit<FanWaitlistRow, 'dropName' | 'wanted'> & { variantId: string | null }
    >(
      this.dataSource,
      `SELECT drop_id AS "dropId", variant_id AS "variantId", status,
              offer_hold_id AS "offerHoldId", created_at AS "joinedAt"
         FROM waitlist_entries
        WHERE user_id = $1
        ORDER BY created_at DESC, id
        LIMIT 100`,
      [userId],
    );
    const names = await readDropNames(
      this.dataSource,
      entries.map((entry) => entry.dropId),
    );
    const variants = await readVariantLabels(
      this.dataSource,
      entries.flatMap((entry) => (entry.variantId ? [entry.variantId] : [])),
    );
    // An entry's drop cannot go away while it exists (its foreign key cascades).
    return entries.flatMap((entry) => {
      const dropName = names.get(entry.dropId);
      if (dropName === undefined) return [];
      const variant = entry.variantId ? variants.get(entry.variantId) : undefined;
      return [
        {
          dropId: entry.dropId,
          dropName,
          wanted: variant ? `${variant.itemTitle} — ${variant.label}` : null,
          status: entry.status,
          offerHoldId: entry.offerHoldId,
          joinedAt: entry.joinedAt,
        },
      ];
    });
  }

  /** Entries still waiting for something from the drop (waiting, offered): a cancel's preview. */
  async countOpen(dropId: string): Promise<number> {
    const [counts] = await rows<{ open: number }>(
      this.dataSource,
      `SELECT count(*)::int AS open FROM waitlist_entries
        WHERE drop_id = $1 AND status IN ${OPEN_WAITLIST}`,
      [dropId],
    );
    return counts.open;
  }

  /**
   * Closes every open entry of a drop being cancelled (`cancelled`), in the caller's
   * transaction, and returns the fans to tell. An offered entry lets go of its hold's id, which
   * its status no longer explains (the cancel releases the hold itself).
   */
  async closeForCancelledDrop(manager: EntityManager, dropId: string): Promise<string[]> {
    const closed = await rows<{ user_id: string }>(
      manager,
      `UPDATE waitlist_entries SET status = 'cancelled', offer_hold_id = NULL, updated_at = now()
        WHERE drop_id = $1 AND status IN ${OPEN_WAITLIST}
       RETURNING user_id`,
      [dropId],
    );
    return closed.map((row) => row.user_id);
  }

  /**
   * Tells every waiting fan that they can buy now, once each: fans who joined a
   * `waitlist_first` drop before its early access when that begins, everyone else when the
   * drop goes live. Batches of `batch`, each in its own transaction with its outbox rows,
   * whose mail `NotificationsService.record` queues once that transaction commits.
   */
  async notifyOpenings(batch = 500, maxBatches = 20): Promise<number> {
    let told = 0;
    for (let i = 0; i < maxBatches; i++) {
      const ids = await this.dataSource.transaction(async (manager) => {
        const openings = await waitlistOpenings(manager);
        if (openings.length === 0) return [];
        return this.mailOpenings(
          manager,
          openings,
          await markDueForOpening(manager, openings, batch),
        );
      });
      if (ids.length === 0) break;
      told += ids.length;
      if (ids.length < batch) break;
    }
    return told;
  }

  /** One outbox row per fan marked due, in the marking's transaction; the rows' ids. */
  private async mailOpenings(
    manager: EntityManager,
    openings: WaitlistOpening[],
    due: OpeningEntry[],
  ): Promise<string[]> {
    const dropOf = new Map(openings.map((drop) => [drop.id, drop]));
    const contacts = await userContacts(
      manager,
      due.map((row) => row.user_id),
    );
    const ids: string[] = [];
    for (const row of due) {
      const drop = dropOf.get(row.drop_id)!;
      // Accounts are never deleted, so every fan has their address (the join this replaced).
      const email = contacts.get(row.user_id)?.email;
      if (email === undefined) continue;
      const early = row.early && drop.startsAt > new Date();
      const note = await this.notifications.record(manager, {
        recipientUserId: row.user_id,
        recipientEmail: email,
        template: 'waitlist-open',
        payload: {
          dropId: drop.id,
          dropName: drop.name,
          earlyAccess: early,
          publicSaleAt: drop.startsAt.toISOString(),
        },
      });
      ids.push(note.id);
    }
    return ids;
  }

  private async visibleDrop(manager: EntityManager, dropId: string): Promise<DropTerms> {
    const drop = await readDropTerms(manager, dropId);
    if (!drop || !VISIBLE_DROP_STATES.includes(drop.state)) throw new DropNotFoundError();
    return drop;
  }

  private async view(
    manager: EntityManager,
    drop: DropTerms,
    entry: EntryRow,
  ): Promise<WaitlistView> {
    const [counts] = await rows<{ ahead: number; waiting: number }>(
      manager,
      `SELECT count(*) FILTER (WHERE position < $2)::int AS ahead, count(*)::int AS waiting
         FROM waitlist_entries WHERE drop_id = $1 AND status = 'waiting'`,
      [drop.id, entry.position],
    );
    const joinedAt = new Date(entry.created_at);
    return {
      dropId: drop.id,
      status: entry.status,
      position: entry.status === 'waiting' ? counts.ahead + 1 : null,
      waiting: counts.waiting,
      variantId: entry.variant_id,
      joinedAt: joinedAt.toISOString(),
      earlyAccess:
        drop.releaseMode === 'waitlist_first' &&
        !!drop.earlyAccessStartsAt &&
        joinedAt < drop.earlyAccessStartsAt,
      offerHoldId: entry.offer_hold_id,
    };
  }
}
