import { EditionLedger, lineStock } from '@limited-run/drops';
import { readHoldStates } from '@limited-run/inventory';
import { rows } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { EntityManager } from 'typeorm';

/** What the pass-down settles before and after it offers: ended holds, units nobody can claim. */
@Injectable()
export class RaffleLeftovers {
  constructor(
    private readonly ledger: EditionLedger,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(RaffleLeftovers.name);
  }

  /** Wins and offers whose holds ended: paid ones are `claimed`, the rest `lapsed`. */
  async settleEndedHolds(manager: EntityManager, dropId: string): Promise<void> {
    const outstanding = await rows<{ id: string; hold_id: string }>(
      manager,
      `SELECT id, hold_id FROM raffle_entries
        WHERE drop_id = $1 AND status IN ('won', 'offered') AND hold_id IS NOT NULL`,
      [dropId],
    );
    const holds = await readHoldStates(
      manager,
      outstanding.map((entry) => entry.hold_id),
    );
    const ended = outstanding.filter((entry) => {
      const status = holds.get(entry.hold_id)?.status;
      return status !== undefined && status !== 'active';
    });
    if (ended.length === 0) return;
    const claimed = ended.filter((entry) => holds.get(entry.hold_id)?.status === 'converted');
    await rows(
      manager,
      `UPDATE raffle_entries
          SET status = CASE WHEN id = ANY($3::uuid[]) THEN 'claimed' ELSE 'lapsed' END,
              updated_at = now()
        WHERE drop_id = $1 AND id = ANY($2::uuid[]) AND status IN ('won', 'offered')`,
      [dropId, ended.map((entry) => entry.id), claimed.map((entry) => entry.id)],
    );
  }

  /**
   * The published rule for a raffle's leftovers: its units go only to its entries, so a unit
   * that no entry is left to claim (the pass-down of its variant is exhausted, or nobody chose
   * that variant) goes back to the edition at once. Once nothing is held or left to give, the
   * drop ends: `sold_out` if every unit was sold, `closed` if some went back.
   */
  async returnUnclaimable(manager: EntityManager, dropId: string): Promise<void> {
    const stillInLine = await rows<{ variant_id: string }>(
      manager,
      `SELECT DISTINCT variant_id FROM raffle_entries WHERE drop_id = $1 AND status = 'in_line'`,
      [dropId],
    );
    const claimable = new Set(stillInLine.map((entry) => entry.variant_id));
    const unclaimable = (await lineStock(manager, dropId)).filter(
      (line) => line.available > 0 && !claimable.has(line.variantId),
    );
    const cause = { actorUserId: null, reason: 'raffle: no entry left to claim it' };
    for (const line of unclaimable) {
      await this.ledger.returnToEdition(manager, dropId, line.variantId, line.available, cause);
      this.logger.info(
        { dropId, variantId: line.variantId, units: line.available },
        'raffle units nobody can claim went back to the edition',
      );
    }
    await this.ledger.followStock(manager, dropId, cause);
  }
}
