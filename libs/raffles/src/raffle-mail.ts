import type { DropTerms } from '@limited-run/drops';
import { userContacts } from '@limited-run/identity';
import type { Hold } from '@limited-run/inventory';
import { NotificationsService } from '@limited-run/notifications';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NextInLine } from './raffle-offers';
import type { DrawnRaffle } from './raffle-ranking';

/**
 * What a raffle tells its entrants, written to the outbox in the draw's or pass-down's
 * transaction; `NotificationsService.record` queues the mails once it commits.
 */
@Injectable()
export class RaffleMail {
  constructor(private readonly notifications: NotificationsService) {}

  /** Every entrant with an address learns their rank: a win with its claim window, or a place in line. */
  async tellEntrants(
    manager: EntityManager,
    drop: DropTerms,
    drawn: DrawnRaffle,
    won: ReadonlyMap<string, Hold>,
  ): Promise<void> {
    const rankOf = new Map(drawn.order.map((id, index) => [id, index + 1]));
    const wonByVariant = new Map<string, number>();
    for (const entry of drawn.entries) {
      if (!won.has(entry.id)) continue;
      wonByVariant.set(entry.variant_id, (wonByVariant.get(entry.variant_id) ?? 0) + 1);
    }
    const recipients = await userContacts(
      manager,
      drawn.entries.map((entry) => entry.user_id),
    );
    for (const entry of drawn.entries) {
      const email = recipients.get(entry.user_id)?.email;
      if (!email) continue;
      const hold = won.get(entry.id);
      await this.notifications.record(manager, {
        recipientUserId: entry.user_id,
        recipientEmail: email,
        template: hold ? 'raffle-won' : 'raffle-in-line',
        payload: {
          dropId: drop.id,
          dropName: drop.name,
          entryId: entry.id,
          rank: String(rankOf.get(entry.id)),
          // What this entry competed for: its variant's units and the wins actually given.
          units: String(drawn.units[entry.variant_id] ?? 0),
          winners: String(wonByVariant.get(entry.variant_id) ?? 0),
          ...(hold ? { claimBy: hold.expiresAt.toISOString() } : {}),
        },
      });
    }
  }

  /** An entry next in line was offered a unit that came back. */
  async tellOffered(
    manager: EntityManager,
    drop: DropTerms,
    entry: NextInLine,
    hold: Hold,
  ): Promise<void> {
    await this.notifications.record(manager, {
      recipientUserId: entry.user_id,
      recipientEmail: entry.email,
      template: 'second-chance-offer',
      payload: {
        dropId: drop.id,
        dropName: drop.name,
        entryId: entry.id,
        rank: String(entry.rank),
        claimBy: hold.expiresAt.toISOString(),
      },
    });
  }
}
