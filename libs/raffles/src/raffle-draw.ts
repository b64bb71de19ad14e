import { FairnessService, lockDrop } from '@limited-run/admission';
import { EditionLedger, lineStock, readDropTerms } from '@limited-run/drops';
import { drawProof } from '@limited-run/fairness';
import {
  attemptGrant,
  grantRefusal,
  type Hold,
  HoldGrants,
  readHoldStates,
} from '@limited-run/inventory';
import { NotificationsService } from '@limited-run/notifications';
import { PlatformConfig, rows } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';

export type DrawOutcome = 'drawn' | 'not-due' | 'already-drawn' | 'not-a-raffle' | 'drop-gone';

/** Ranks written per statement, so a million entries never make one giant parameter list. */
const RANK_CHUNK = 5000;

interface Notice {
  userId: string;
  email: string;
  template: 'raffle-won' | 'raffle-in-line' | 'second-chance-offer';
  payload: Record<string, unknown>;
}

/**
 * The raffle's draw at its entry cutoff, and passing units down the drawn order afterwards.
 * Every step for a drop runs under one advisory lock, so draws and pass-downs on any number of
 * workers apply once and in order.
 */
@Injectable()
export class RaffleDraw {
  private readonly claimSeconds: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly grants: HoldGrants,
    private readonly fairness: FairnessService,
    private readonly notifications: NotificationsService,
    private readonly ledger: EditionLedger,
    private readonly logger: PinoLogger,
    config: PlatformConfig,
  ) {
    this.logger.setContext(RaffleDraw.name);
    this.claimSeconds = config.get('RAFFLE_CLAIM_SECONDS');
  }

  /**
   * Reveals the seed, fixes the canonical entry list and its hash, orders the entries by the
   * published rule, ranks every entry and grants the winners holds with a claim window.
   */
  async draw(dropId: string): Promise<DrawOutcome> {
    return this.dataSource.transaction(async (manager): Promise<DrawOutcome> => {
      await lockDrop(manager, 'raffle', dropId);
      const drop = await readDropTerms(manager, dropId);
      if (!drop || !['scheduled', 'live'].includes(drop.state)) return 'drop-gone';
      if (drop.releaseMode !== 'raffle' || !drop.entryClosesAt) return 'not-a-raffle';
      if (drop.now < drop.entryClosesAt) return 'not-due';
      await this.fairness.ensureCommitment(manager, dropId, 'raffle');
      const row = await this.fairness.lock(manager, dropId, 'update');
      if (!row || row.drawnAt) return 'already-drawn';

      const entries = await rows<{ id: string; user_id: string; variant_id: string }>(
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
        seed: row.seed,
        entries: entries.map((entry) => ({ id: entry.id, group: entry.variant_id })),
        units,
        drawnAt: drop.now,
      });
      const result = proof.result!;
      await this.fairness.recordDraw(manager, dropId, {
        entryCount: proof.entryCount!,
        entryListHash: proof.entryListHash!,
        entries: proof.entries!,
        result,
        drawnAt: drop.now,
      });
      for (let i = 0; i < result.order.length; i += RANK_CHUNK) {
        await rows(
          manager,
          `UPDATE raffle_entries e SET status = 'in_line', rank = r.rank + $3, updated_at = now()
             FROM unnest($2::uuid[]) WITH ORDINALITY AS r(id, rank)
            WHERE e.drop_id = $1 AND e.id = r.id`,
          [dropId, result.order.slice(i, i + RANK_CHUNK), i],
        );
      }
      const byId = new Map(entries.map((entry) => [entry.id, entry]));
      const rankOf = new Map(result.order.map((id, index) => [id, index + 1]));
      const won = new Map<string, Hold>();
      for (const entryId of result.winners ?? []) {
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
      const wonByVariant = new Map<string, number>();
      for (const entryId of won.keys()) {
        const variantId = byId.get(entryId)!.variant_id;
        wonByVariant.set(variantId, (wonByVariant.get(variantId) ?? 0) + 1);
      }
      const recipients = await this.emails(
        manager,
        entries.map((entry) => entry.user_id),
      );
      for (const entry of entries) {
        const email = recipients.get(entry.user_id);
        if (!email) continue;
        const hold = won.get(entry.id);
        await this.note(manager, {
          userId: entry.user_id,
          email,
          template: hold ? 'raffle-won' : 'raffle-in-line',
          payload: {
            dropId,
            dropName: drop.name,
            entryId: entry.id,
            rank: String(rankOf.get(entry.id)),
            // What this entry competed for: its variant's units and the wins actually given.
            units: String(units[entry.variant_id] ?? 0),
            winners: String(wonByVariant.get(entry.variant_id) ?? 0),
            ...(hold ? { claimBy: hold.expiresAt.toISOString() } : {}),
          },
        });
      }
      this.logger.info({ dropId, entries: entries.length, winners: won.size }, 'raffle drawn');
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
      let offered = 0;
      await this.settleEndedHolds(manager, dropId);
      for (const line of await lineStock(manager, dropId)) {
        if (line.available <= 0) continue;
        const next = await rows<{ id: string; user_id: string; rank: number; email: string }>(
          manager,
          `SELECT e.id, e.user_id, e.rank, u.email FROM raffle_entries e JOIN users u ON u.id = e.user_id
            WHERE e.drop_id = $1 AND e.variant_id = $2 AND e.status = 'in_line'
            ORDER BY e.rank LIMIT $3`,
          [dropId, line.variantId, line.available],
        );
        for (const entry of next) {
          const hold = await this.offer(
            manager,
            dropId,
            entry.id,
            entry.user_id,
            line.variantId,
            'offered',
          );
          if (!hold) continue;
          offered++;
          await this.note(manager, {
            userId: entry.user_id,
            email: entry.email,
            template: 'second-chance-offer',
            payload: {
              dropId,
              dropName: drop.name,
              entryId: entry.id,
              rank: String(entry.rank),
              claimBy: hold.expiresAt.toISOString(),
            },
          });
        }
      }
      await this.returnUnclaimable(manager, dropId);
      return offered;
    });
  }

  /** Wins and offers whose holds ended: paid ones are `claimed`, the rest `lapsed`. */
  private async settleEndedHolds(manager: EntityManager, dropId: string): Promise<void> {
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
  private async returnUnclaimable(manager: EntityManager, dropId: string): Promise<void> {
    const unclaimable = await rows<{ variant_id: string; free: number }>(
      manager,
      `SELECT l.variant_id, l.quantity_allocated - l.held - l.sold AS free
         FROM drop_lines l
        WHERE l.drop_id = $1 AND l.held + l.sold < l.quantity_allocated
          AND NOT EXISTS (SELECT 1 FROM raffle_entries e
                           WHERE e.drop_id = l.drop_id AND e.variant_id = l.variant_id
                             AND e.status = 'in_line')
        ORDER BY l.variant_id`,
      [dropId],
    );
    const cause = { actorUserId: null, reason: 'raffle: no entry left to claim it' };
    for (const line of unclaimable) {
      await this.ledger.returnToEdition(manager, dropId, line.variant_id, Number(line.free), cause);
      this.logger.info(
        { dropId, variantId: line.variant_id, units: Number(line.free) },
        'raffle units nobody can claim went back to the edition',
      );
    }
    await this.ledger.followStock(manager, dropId, cause);
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
   * Grants the entry a hold in a savepoint: a refusal (the unit went meanwhile, the fan is at
   * the drop's limit) leaves the entry in line and the transaction intact, and takes the
   * grant's after-commit steps with it.
   */
  private async offer(
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

  private async emails(manager: EntityManager, userIds: string[]): Promise<Map<string, string>> {
    const found = await rows<{ id: string; email: string }>(
      manager,
      `SELECT id, email FROM users WHERE id = ANY($1::uuid[])`,
      [userIds],
    );
    return new Map(found.map((row) => [row.id, row.email]));
  }

  /** The mail goes to the outbox; `record` queues it once the transaction commits. */
  private async note(manager: EntityManager, notice: Notice): Promise<void> {
    await this.notifications.record(manager, {
      recipientUserId: notice.userId,
      recipientEmail: notice.email,
      template: notice.template,
      payload: notice.payload,
    });
  }
}
