import { userContacts } from '@limited-run/identity';
import { attemptGrant, grantRefusal, type Hold, HoldGrants } from '@limited-run/inventory';
import { PlatformConfig, rows } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { EntityManager } from 'typeorm';
import type { DrawnRaffle } from './raffle-ranking';

/** An entry next in drawn order for a unit of its variant. */
export interface NextInLine {
  id: string;
  user_id: string;
  rank: number;
  email: string;
}

/** Units given to entries, each as a hold with its own claim window. */
@Injectable()
export class RaffleOffers {
  private readonly claimSeconds: number;

  constructor(
    private readonly grants: HoldGrants,
    private readonly logger: PinoLogger,
    config: PlatformConfig,
  ) {
    this.logger.setContext(RaffleOffers.name);
    this.claimSeconds = config.get('RAFFLE_CLAIM_SECONDS');
  }

  /** The draw's winners, each granted a hold (`won`); the holds by entry id. */
  async grantWinners(
    manager: EntityManager,
    dropId: string,
    drawn: DrawnRaffle,
  ): Promise<Map<string, Hold>> {
    const byId = new Map(drawn.entries.map((entry) => [entry.id, entry]));
    const won = new Map<string, Hold>();
    for (const entryId of drawn.winners) {
      const entry = byId.get(entryId)!;
      const hold = await this.offer(
        manager,
        dropId,
        entry.id,
        entry.user_id,
        entry.variant_id,
        'won',
      );
      if (hold) won.set(entryId, hold);
    }
    return won;
  }

  /** Up to `count` entries still in line for the variant, in drawn order. */
  async nextInLine(
    manager: EntityManager,
    dropId: string,
    variantId: string,
    count: number,
  ): Promise<NextInLine[]> {
    const next = await rows<Omit<NextInLine, 'email'>>(
      manager,
      `SELECT id, user_id, rank FROM raffle_entries
        WHERE drop_id = $1 AND variant_id = $2 AND status = 'in_line'
        ORDER BY rank LIMIT $3`,
      [dropId, variantId, count],
    );
    const contacts = await userContacts(
      manager,
      next.map((entry) => entry.user_id),
    );
    // Accounts are never deleted, so every entry has its address (the join this replaced).
    return next.flatMap((entry) => {
      const email = contacts.get(entry.user_id)?.email;
      return email === undefined ? [] : [{ ...entry, email }];
    });
  }

  /**
   * Grants the entry a hold in a savepoint: a refusal (the unit went meanwhile, the fan is at
   * the drop's limit) leaves the entry in line and the transaction intact, and takes the
   * grant's after-commit steps with it.
   */
  async offer(
    manager: EntityManager,
    dropId: string,
    entryId: string,
    userId: string,
    variantId: string,
    status: 'won' | 'offered',
  ): Promise<Hold | null> {
    const outcome = await attemptGrant(manager, async (savepoint) => {
      const hold = await this.grants.grant(savepoint, {
        dropId,
        variantId,
        userId,
        quantity: 1,
        holdSeconds: this.claimSeconds,
        key: `raffle:${entryId}`,
        reason: status === 'won' ? 'raffle win' : 'raffle: next in line',
      });
      await rows(
        savepoint,
        `UPDATE raffle_entries SET status = $2, hold_id = $3, offered_at = now(), updated_at = now()
          WHERE id = $1`,
        [entryId, status, hold.id],
      );
      return hold;
    });
    if (outcome.ok) return outcome.value;
    const refusal = grantRefusal(outcome.error);
    if (!refusal) throw outcome.error;
    this.logger.info({ dropId, entryId, refusal }, 'raffle unit not granted');
    return null;
  }
}
