import { FairnessService, lockDrop } from '@limited-run/admission';
import { type DropTerms, lineStock, readDropTerms } from '@limited-run/drops';
import { rows } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';
import { RaffleLeftovers } from './raffle-leftovers';
import { RaffleMail } from './raffle-mail';
import { RaffleOffers } from './raffle-offers';
import { RaffleRanking } from './raffle-ranking';

export type DrawOutcome = 'drawn' | 'not-due' | 'already-drawn' | 'not-a-raffle' | 'drop-gone';

/** A raffle whose draw is due, with the seed its commitment hides. */
interface DueDraw {
  drop: DropTerms;
  seed: string;
}

/**
 * The raffle's draw at its entry cutoff, and passing units down the drawn order afterwards.
 * Every step for a drop runs under one advisory lock, so draws and pass-downs on any number of
 * workers apply once and in order. Each runs in one transaction; the holds it grants and the
 * mails it writes reach Redis and the mail queue once that commits (platform's `afterCommit`).
 */
@Injectable()
export class RaffleDraw {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fairness: FairnessService,
    private readonly ranking: RaffleRanking,
    private readonly offers: RaffleOffers,
    private readonly mail: RaffleMail,
    private readonly leftovers: RaffleLeftovers,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(RaffleDraw.name);
  }

  /**
   * Reveals the seed, fixes the canonical entry list and its hash, orders the entries by the
   * published rule, ranks every entry and grants the winners holds with a claim window.
   */
  async draw(dropId: string): Promise<DrawOutcome> {
    return this.dataSource.transaction(async (manager): Promise<DrawOutcome> => {
      const due = await this.dueDraw(manager, dropId);
      if (typeof due === 'string') return due;
      const drawn = await this.ranking.rank(manager, dropId, due.seed, due.drop.now);
      const won = await this.offers.grantWinners(manager, dropId, drawn);
      await this.mail.tellEntrants(manager, due.drop, drawn, won);
      this.logger.info(
        { dropId, entries: drawn.entries.length, winners: won.size },
        'raffle drawn',
      );
      return 'drawn';
    });
  }

  /**
   * Settles wins and offers whose holds ended (paid: `claimed`; expired or released:
   * `lapsed`) and offers every unit that is free again to the next entries in drawn order
   * that chose its variant, each a hold with its own claim window.
   */
  async passDown(dropId: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await lockDrop(manager, 'raffle', dropId);
      const drop = await readDropTerms(manager, dropId);
      if (!drop || !['scheduled', 'live'].includes(drop.state)) return 0;
      await this.leftovers.settleEndedHolds(manager, dropId);
      let offered = 0;
      for (const line of await lineStock(manager, dropId)) {
        if (line.available <= 0) continue;
        const next = await this.offers.nextInLine(manager, dropId, line.variantId, line.available);
        for (const entry of next) {
          const hold = await this.offers.offer(
            manager,
            dropId,
            entry.id,
            entry.user_id,
            line.variantId,
            'offered',
          );
          if (!hold) continue;
          offered++;
          await this.mail.tellOffered(manager, drop, entry, hold);
        }
      }
      await this.leftovers.returnUnclaimable(manager, dropId);
      return offered;
    });
  }

  /** Raffles past their cutoff and not drawn yet (their job was lost or no worker ran). */
  async dueDraws(limit = 50): Promise<string[]> {
    const due = await rows<{ id: string }>(
      this.dataSource,
      `SELECT d.id FROM drops d LEFT JOIN drop_fairness f ON f.drop_id = d.id
        WHERE d.release_mode = 'raffle' AND d.state IN ('scheduled', 'live')
          AND d.entry_closes_at <= now() AND (f.drop_id IS NULL OR f.drawn_at IS NULL)
        ORDER BY d.entry_closes_at LIMIT $1`,
      [limit],
    );
    return due.map((row) => row.id);
  }

  /**
   * Drawn raffles that may have a unit to pass down or give back: a win or offer outstanding,
   * free units, or a live drop with nothing left to give (it ends).
   */
  async passDownCandidates(limit = 200): Promise<string[]> {
    const found = await rows<{ id: string }>(
      this.dataSource,
      `SELECT d.id FROM drops d JOIN drop_fairness f ON f.drop_id = d.id AND f.drawn_at IS NOT NULL
        WHERE d.release_mode = 'raffle' AND d.state IN ('scheduled', 'live')
          AND (EXISTS (SELECT 1 FROM raffle_entries e
                        WHERE e.drop_id = d.id AND e.status IN ('won', 'offered'))
               OR EXISTS (SELECT 1 FROM drop_lines l
                           WHERE l.drop_id = d.id AND l.held + l.sold < l.quantity_allocated)
               OR (d.state = 'live'
                   AND NOT EXISTS (SELECT 1 FROM drop_lines l
                                    WHERE l.drop_id = d.id
                                      AND (l.held > 0 OR l.held + l.sold < l.quantity_allocated))))
        LIMIT $1`,
      [limit],
    );
    return found.map((row) => row.id);
  }

  /**
   * The drop, locked for the draw, if its draw is due: a raffle past its entry cutoff, still
   * on sale, not drawn yet; otherwise why not.
   */
  private async dueDraw(
    manager: EntityManager,
    dropId: string,
  ): Promise<DueDraw | Exclude<DrawOutcome, 'drawn'>> {
    await lockDrop(manager, 'raffle', dropId);
    const drop = await readDropTerms(manager, dropId);
    if (!drop || !['scheduled', 'live'].includes(drop.state)) return 'drop-gone';
    if (drop.releaseMode !== 'raffle' || !drop.entryClosesAt) return 'not-a-raffle';
    if (drop.now < drop.entryClosesAt) return 'not-due';
    await this.fairness.ensureCommitment(manager, dropId, 'raffle');
    const row = await this.fairness.lock(manager, dropId, 'update');
    if (!row || row.drawnAt) return 'already-drawn';
    return { drop, seed: row.seed };
  }
}
