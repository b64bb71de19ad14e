import { FairnessService, lockDrop } from '@limited-run/admission';
import {
  type DropTerms,
  lineStock,
  rafflesOnSale,
  rafflesPastEntryCutoff,
  readDropTerms,
} from '@limited-run/drops';
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
    const pastCutoff = await rafflesPastEntryCutoff(this.dataSource);
    const drawn = await this.fairness.drawnAmong(this.dataSource, pastCutoff);
    return pastCutoff.filter((id) => !drawn.has(id)).slice(0, limit);
  }

  /**
   * Drawn raffles that may have a unit to pass down or give back: a win or offer outstanding,
   * free units, or a live drop with nothing left to give (it ends).
   */
  async passDownCandidates(limit = 200): Promise<string[]> {
    const onSale = await rafflesOnSale(this.dataSource);
    const drawn = await this.fairness.drawnAmong(
      this.dataSource,
      onSale.map((drop) => drop.id),
    );
    const drawnOnSale = onSale.filter((drop) => drawn.has(drop.id));
    if (drawnOnSale.length === 0) return [];
    const outstanding = await rows<{ drop_id: string }>(
      this.dataSource,
      `SELECT DISTINCT drop_id FROM raffle_entries
        WHERE drop_id = ANY($1::uuid[]) AND status IN ('won', 'offered')`,
      [drawnOnSale.map((drop) => drop.id)],
    );
    const withOutstanding = new Set(outstanding.map((row) => row.drop_id));
    return drawnOnSale
      .filter(
        (drop) =>
          withOutstanding.has(drop.id) ||
          drop.freeUnits ||
          (drop.state === 'live' && drop.nothingLeft),
      )
      .slice(0, limit)
      .map((drop) => drop.id);
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
