import { FairnessService } from '@limited-run/admission';
import { lineStock } from '@limited-run/drops';
import { drawProof } from '@limited-run/fairness';
import { rows } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Ranks written per statement, so a million entries never make one giant parameter list. */
const RANK_CHUNK = 5000;

/** An entry as the draw saw it. */
export interface DrawnEntry {
  id: string;
  user_id: string;
  variant_id: string;
}

/** A raffle's drawn order, as the steps after the draw need it. */
export interface DrawnRaffle {
  /** Every entry that took part, in id order (the canonical list). */
  entries: DrawnEntry[];
  /** Free units per variant when the order was drawn: what the entries competed for. */
  units: Record<string, number>;
  /** Entry ids in drawn order. */
  order: string[];
  /** The entries that won a unit in the draw itself. */
  winners: string[];
}

/** The draw itself: the entries in the published order, proved and ranked. */
@Injectable()
export class RaffleRanking {
  constructor(private readonly fairness: FairnessService) {}

  /**
   * Fixes the canonical entry list and its hash, orders the entries by the published rule with
   * the revealed seed at `drawnAt` (the database's clock), records the proof and ranks every entry (`in_line`) in drawn order.
   */
  async rank(
    manager: EntityManager,
    dropId: string,
    seed: string,
    drawnAt: Date,
  ): Promise<DrawnRaffle> {
    const entries = await rows<DrawnEntry>(
      manager,
      `SELECT id, user_id, variant_id FROM raffle_entries
        WHERE drop_id = $1 AND status = 'entered' ORDER BY id`,
      [dropId],
    );
    const units = Object.fromEntries(
      (await lineStock(manager, dropId)).map((line) => [
        line.variantId,
        Math.max(0, line.available),
      ]),
    );
    const proof = drawProof({
      kind: 'raffle',
      dropId,
      seed,
      entries: entries.map((entry) => ({ id: entry.id, group: entry.variant_id })),
      units,
      drawnAt,
    });
    const result = proof.result!;
    await this.fairness.recordDraw(manager, dropId, {
      entryCount: proof.entryCount!,
      entryListHash: proof.entryListHash!,
      entries: proof.entries!,
      result,
      drawnAt,
    });
    await this.writeRanks(manager, dropId, result.order);
    return { entries, units, order: result.order, winners: result.winners ?? [] };
  }

  private async writeRanks(manager: EntityManager, dropId: string, order: string[]): Promise<void> {
    for (let i = 0; i < order.length; i += RANK_CHUNK) {
      await rows(
        manager,
        `UPDATE raffle_entries e SET status = 'in_line', rank = r.rank + $3, updated_at = now()
           FROM unnest($2::uuid[]) WITH ORDINALITY AS r(id, rank)
          WHERE e.drop_id = $1 AND e.id = r.id`,
        [dropId, order.slice(i, i + RANK_CHUNK), i],
      );
    }
  }
}
