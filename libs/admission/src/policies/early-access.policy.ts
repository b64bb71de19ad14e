import { releaseWindowSql, type ReleaseMode } from '@limited-run/drops';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rows } from '../sql';
import { HoldNotOpenToYouError } from '../admission.errors';

export type HoldAccess =
  { allowed: true; earlyAccess: boolean } | { allowed: false; reason: string };

interface AccessRow {
  release_mode: ReleaseMode;
  early_started: boolean;
  started: boolean;
  early_eligible: boolean;
  second_chance_pending: boolean;
}

/**
 * Who may place a hold on a drop right now, by its release mode (stock, state and per-fan
 * limits stay the hold path's business):
 * - `raffle`: nobody; a raffle's units go only to its entries in drawn order (granted holds).
 * - `waitlist_first`, between `earlyAccessStartsAt` and `startsAt`: only fans who joined the
 *   waitlist before early access began. The drop is still `scheduled` then, so the hold path
 *   must treat it as on sale for the fans allowed here (`earlyAccess: true`).
 * - after a sellout with fans still waiting on the waitlist: nobody; units that come back are
 *   offered to the waitlist in order first (second chance), then open sale resumes.
 * - otherwise everybody.
 * One indexed query (the drop by primary key, the fan's entry by unique key): call it after the
 * admission gate has let the request through, in the hold's transaction if there is one.
 */
const RAFFLE_REFUSAL = "A raffle drop's units go only to its entries, in the order of the draw.";

/**
 * A raffle drop refuses every hold the gate would see, whoever asks: the hold path knows the
 * release mode from its terms memo and refuses without a query.
 */
export const raffleHoldRefusal = (): HoldNotOpenToYouError =>
  new HoldNotOpenToYouError(RAFFLE_REFUSAL);

@Injectable()
export class EarlyAccessPolicy {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The contract the hold path calls: may this fan hold now? */
  async mayHold(manager: EntityManager | null, dropId: string, userId: string): Promise<boolean> {
    return (await this.check(manager, dropId, userId)).allowed;
  }

  /** As `mayHold`, refusing with 403 HOLD_NOT_OPEN_TO_YOU and the reason. */
  async assertMayHold(
    manager: EntityManager | null,
    dropId: string,
    userId: string,
  ): Promise<{ earlyAccess: boolean }> {
    const access = await this.check(manager, dropId, userId);
    if (!access.allowed) throw new HoldNotOpenToYouError(access.reason);
    return { earlyAccess: access.earlyAccess };
  }

  async check(manager: EntityManager | null, dropId: string, userId: string): Promise<HoldAccess> {
    return (await this.checkEach(manager, dropId, [userId])).get(userId) ?? ALLOWED;
  }

  /**
   * As `check` for several fans of one drop in one query (a batch of admitted holds), by fan.
   */
  async checkEach(
    manager: EntityManager | null,
    dropId: string,
    userIds: readonly string[],
  ): Promise<Map<string, HoldAccess>> {
    const found = await rows<AccessRow & { user_id: string }>(
      manager ?? this.dataSource,
      `SELECT u.user_id, d.release_mode,
              coalesce(d.early_access_starts_at <= now(), false) AS early_started,
              d.starts_at <= now() AS started,
              EXISTS (SELECT 1 FROM waitlist_entries w
                       WHERE w.drop_id = d.id AND w.user_id = u.user_id AND w.status <> 'left'
                         AND w.created_at < d.early_access_starts_at) AS early_eligible,
              (EXISTS (SELECT 1 FROM waitlist_second_chances s WHERE s.drop_id = d.id)
               AND EXISTS (SELECT 1 FROM waitlist_entries w
                            WHERE w.drop_id = d.id AND w.status = 'waiting')) AS second_chance_pending
         FROM (${releaseWindowSql('$1')}) d CROSS JOIN unnest($2::uuid[]) AS u(user_id)`,
      [dropId, userIds],
    );
    const byFan = new Map<string, HoldAccess>();
    // An unknown drop is the hold path's to refuse, with its own error.
    for (const userId of userIds) byFan.set(userId, ALLOWED);
    for (const row of found) byFan.set(row.user_id, decide(row));
    return byFan;
  }
}

const ALLOWED: HoldAccess = { allowed: true, earlyAccess: false };

function decide(row: AccessRow): HoldAccess {
  if (row.release_mode === 'raffle') {
    return {
      allowed: false,
      reason: RAFFLE_REFUSAL,
    };
  }
  if (row.release_mode === 'waitlist_first' && !row.started) {
    if (!row.early_started) {
      return { allowed: false, reason: 'Early access has not begun yet.' };
    }
    if (!row.early_eligible) {
      return {
        allowed: false,
        reason: 'Early access is for fans who joined the waitlist before it began.',
      };
    }
    return { allowed: true, earlyAccess: true };
  }
  if (row.second_chance_pending) {
    return {
      allowed: false,
      reason: 'Units that come back after the sellout go to the waitlist first, in order.',
    };
  }
  return { allowed: true, earlyAccess: false };
}
