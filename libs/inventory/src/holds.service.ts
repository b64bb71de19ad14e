import { createHash } from 'node:crypto';
import { EditionLedger, type LedgerCause } from '@limited-run/drops';
import { EarlyAccessPolicy, raffleHoldRefusal } from '@limited-run/admission';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AdmissionGate, type AdmissionRequest } from './admission/admission-gate';
import { InventoryCounters } from './admission/inventory-counters';
import { type DropTerms, DropTermsCache } from './drop-terms.cache';
import { type HoldAttempt, type HoldDecision, HoldAttempts } from './admission/hold-attempt';
import { Hold } from './hold.entity';
import { HoldGrantBatcher } from './hold-grant-batcher';
import { type Granted, KeyAlreadyInPostgresError } from './hold-grant-writer';
import { type LineRow, toHold, whyNotTaken } from './hold-rows';
import { holdView, type HoldView } from './hold-view';
import { HoldExpiryScheduler } from './hold-expiry.scheduler';
import {
  DropNotFoundForHoldError,
  DropNotLiveError,
  HoldNotActiveError,
  HoldNotFoundError,
  IdempotencyKeyReusedError,
  IdempotentRequestInProgressError,
  InsufficientStockError,
  LimitReachedError,
  SoldOutError,
  VariantNotInDropError,
} from './inventory.errors';
import type { MovementKind } from './inventory-movement.entity';
import { CounterFeed } from './live/counter-feed';
import { lineCounters } from './live/line-counters';
import { afterCommit, DomainError, isUniqueViolation, rows } from '@limited-run/platform';

export interface HoldRequest {
  variantId: string;
  quantity: number;
}

/** A hold given to a chosen fan (raffle winner, waitlist offer) rather than won at the gate. */
export interface GrantRequest {
  dropId: string;
  variantId: string;
  userId: string;
  quantity: number;
  holdSeconds: number;
  /** Deterministic, so granting twice (a retried job) finds the first hold. */
  key: string;
  reason: string;
}

export interface DirectSale {
  dropId: string;
  variantId: string;
  userId: string;
  quantity: number;
  /** Deterministic (e.g. from the payment), so a retried sale finds the first one. */
  key: string;
  reason: string;
}

/** What happened in Postgres, to mirror in Redis and the live feed once it has committed. */
export type InventoryChange =
  | { kind: 'granted'; hold: Hold }
  | { kind: 'converted'; hold: Hold }
  | { kind: 'sold_directly'; hold: Hold };

interface TakeRequest {
  dropId: string;
  variantId: string;
  userId: string;
  quantity: number;
  holdSeconds: number;
  perCustomerLimit: number | null;
  idempotencyKey: string;
  requestHash: string;
  liveStates: readonly string[];
  status: 'active' | 'converted';
  movement: MovementKind;
  reason: string;
}

const hashOf = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** A hold request's answer: the hold (maybe replayed), or why not, to return as it is. */
export type PlaceOutcome =
  { kind: 'held'; hold: HoldView; replayed: boolean } | { kind: 'declined'; error: DomainError };

const declined = (error: DomainError | undefined): PlaceOutcome => {
  // Only reachable if a refusal lost its reason: a programming error, not a decline.
  if (!error) throw new Error('a declined hold needs its reason');
  return { kind: 'declined', error };
};

/** Refusals known from the drop's terms alone (no Redis, no SQL). */
function refusalBeforeGate(terms: DropTerms | null | undefined): DomainError | undefined {
  if (!terms || terms.state === 'draft') return new DropNotFoundForHoldError();
  // A raffle's units go to its entries only: refused with the policy's reason, before the gate.
  if (terms.releaseMode === 'raffle') return raffleHoldRefusal();
  return undefined;
}

/**
 * The gate's fixed refusals, made once: a decline is a value the controller sends as it is,
 * and at an opening nearly every request is one, so it should not build an Error (and capture
 * its stack) per request. Nothing changes a DomainError after it is made (readonly fields).
 */
const GATE_REFUSALS = {
  cold: new IdempotentRequestInProgressError(),
  notLive: new DropNotLiveError(),
  unknownVariant: new VariantNotInDropError(),
  soldOut: new SoldOutError(),
  insufficient: new InsufficientStockError(),
};

/** What a fan is told when the gate (or a check before it) says no. */
function gateRefusal(decision: HoldDecision, perCustomerLimit: number): DomainError {
  switch (decision.kind) {
    case 'refused':
      return decision.error;
    case 'cold':
      // Another process is rebuilding this drop's counters right now.
      return GATE_REFUSALS.cold;
    case 'not_live':
      return GATE_REFUSALS.notLive;
    case 'unknown_variant':
      return GATE_REFUSALS.unknownVariant;
    case 'limit':
      return new LimitReachedError(perCustomerLimit);
    case 'sold_out':
      return GATE_REFUSALS.soldOut;
    case 'insufficient':
      return GATE_REFUSALS.insufficient;
    case 'admitted':
    case 'replay':
      throw new Error(`not a refusal: ${decision.kind}`);
  }
}

/**
 * Holds: the scarcity engine's hot path (docs/design.md, "The hot path: two gates"). A request is
 * first admitted or declined by the Redis gate; only admitted requests reach Postgres, where
 * the guarded UPDATE on the drop line (backed by its CHECK) is the truth. Every movement of
 * units writes a ledger row in the same transaction.
 */
@Injectable()
export class HoldsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gate: AdmissionGate,
    private readonly counters: InventoryCounters,
    private readonly terms: DropTermsCache,
    private readonly expiries: HoldExpiryScheduler,
    private readonly feed: CounterFeed,
    private readonly earlyAccess: EarlyAccessPolicy,
    private readonly attempts: HoldAttempts,
    private readonly ledger: EditionLedger,
    private readonly batcher: HoldGrantBatcher,
  ) {}

  /**
   * Places a hold for a fan. The same idempotency key and body returns the first answer; the
   * same key with another body is refused. Every refusal is returned, not thrown: at an
   * opening nearly every request is one (docs/benchmarks.md, "Declines at the ceiling").
   * `input` is the parsed body, or what is wrong with the request (counted against the
   * limits first, as when the guards counted before validation).
   */
  async place(attempt: HoldAttempt, input: HoldRequest | DomainError): Promise<PlaceOutcome> {
    const terms = input instanceof DomainError ? undefined : await this.terms.get(attempt.dropId);
    const early = input instanceof DomainError ? input : refusalBeforeGate(terms);
    if (early || !terms || input instanceof DomainError) {
      const refused = await this.attempts.countOnly(attempt);
      return declined(refused?.kind === 'refused' ? refused.error : (early ?? undefined));
    }
    const { dropId } = attempt;
    const userId = attempt.session.userId;
    // Early access: the drop is still `scheduled`, on sale to waitlisted fans only (checked
    // by the policy in the hold's transaction, for admitted requests).
    const earlyAccess =
      terms.state === 'scheduled' &&
      terms.releaseMode === 'waitlist_first' &&
      terms.earlyAccessStartsAt !== null &&
      terms.earlyAccessStartsAt.getTime() <= Date.now();
    const request: AdmissionRequest = {
      dropId,
      userId,
      variantId: input.variantId,
      quantity: input.quantity,
      perCustomerLimit: terms.perCustomerLimit,
      live: terms.state === 'live' || earlyAccess,
      requestHash: hashOf({ dropId, variantId: input.variantId, quantity: input.quantity }),
      idempotencyKey: attempt.idempotencyKey,
    };
    // One Redis round trip: session, limits, waiting room, replay and gate (hold-attempt.ts).
    let decision = await this.attempts.admit(attempt, request);
    if (decision.kind === 'cold') {
      await this.counters.rebuild(dropId);
      decision = await this.attempts.readmit(attempt, request);
    }
    if (decision.kind === 'admitted') {
      const held = await this.confirm(
        request,
        terms.holdSeconds,
        terms.perCustomerLimit,
        earlyAccess ? ['scheduled', 'live'] : ['live'],
      );
      return { kind: 'held', ...held };
    }
    if (decision.kind === 'replay') {
      const { record } = decision;
      if (record.requestHash !== request.requestHash)
        return declined(new IdempotencyKeyReusedError());
      if (!record.answer) return { kind: 'held', ...(await this.awaitFirstAnswer(request)) };
      return { kind: 'held', hold: record.answer as HoldView, replayed: true };
    }
    return declined(gateRefusal(decision, terms.perCustomerLimit));
  }

  /** The fan's own hold, if it is theirs. */
  async find(userId: string, dropId: string, holdId: string): Promise<HoldView> {
    const hold = await this.dataSource
      .getRepository(Hold)
      .findOneBy({ id: holdId, userId, dropId });
    if (!hold) throw new HoldNotFoundError();
    return holdView(hold);
  }

  /** The fan gives their hold back early; its units are on sale again at once. */
  async release(userId: string, dropId: string, holdId: string): Promise<HoldView> {
    const ended = await this.dataSource.transaction((manager) =>
      this.end(manager, holdId, 'released', { userId, dropId }),
    );
    if (ended.outcome !== 'ended') {
      if (ended.outcome === 'missing') throw new HoldNotFoundError();
      throw new HoldNotActiveError(ended.hold.status);
    }
    await this.expiries.cancel(holdId);
    return holdView(ended.hold);
  }

  /**
   * Ends an active hold whose time is up (the worker's expiry job and sweep). `not-due` when
   * the database clock says it still has time; `ended` when it already ended otherwise.
   */
  async expire(holdId: string): Promise<'expired' | 'not-due' | 'ended' | 'missing'> {
    const ended = await this.dataSource.transaction((manager) =>
      this.end(manager, holdId, 'expired', { dueOnly: true }),
    );
    if (ended.outcome === 'missing') return 'missing';
    if (ended.outcome === 'not-ended') {
      return ended.hold.status === 'active' ? 'not-due' : 'ended';
    }
    return 'expired';
  }

  /** Active holds whose time is up, oldest first: the sweep's work list. */
  async dueForExpiry(limit = 500): Promise<string[]> {
    const due = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM holds WHERE status = 'active' AND expires_at <= now()
        ORDER BY expires_at LIMIT $1`,
      [limit],
    );
    return due.map((row) => row.id);
  }

  /**
   * Gives a chosen fan a hold, in the caller's transaction, through the same truth gate and
   * per-fan limit as a fan's own request. Call `afterCommit({kind: 'granted', hold})` once
   * committed: the one mirror its caller still runs, because the waitlist library grants inside
   * raw `SAVEPOINT`s that platform's `afterCommit` cannot see roll back. Granting again with the
   * same key returns the first hold.
   */
  async grant(manager: EntityManager, input: GrantRequest): Promise<Hold> {
    const existing = await manager.getRepository(Hold).findOneBy({
      userId: input.userId,
      dropId: input.dropId,
      idempotencyKey: input.key,
    });
    if (existing) return existing;
    const limit = await this.limitOf(manager, input.dropId);
    const { hold } = await this.take(manager, {
      ...input,
      perCustomerLimit: limit,
      idempotencyKey: input.key,
      requestHash: hashOf({ grant: input.key }),
      liveStates: ['scheduled', 'live'],
      status: 'active',
      movement: 'hold',
    });
    return hold;
  }

  /**
   * Turns an active hold into a sale (paid), in the caller's transaction; the gate and the live
   * feed follow once it commits.
   */
  async convert(manager: EntityManager, holdId: string, reason: string): Promise<Hold> {
    const [hold] = await rows<Record<string, unknown>>(
      manager,
      `UPDATE holds SET status = 'converted', ended_at = now()
        WHERE id = $1 AND status = 'active' RETURNING *`,
      [holdId],
    );
    if (!hold) {
      const current = await manager.getRepository(Hold).findOneBy({ id: holdId });
      if (!current) throw new HoldNotFoundError();
      throw new HoldNotActiveError(current.status);
    }
    const converted = toHold(hold);
    await rows(
      manager,
      `UPDATE drop_lines SET held = held - $3, sold = sold + $3
        WHERE drop_id = $1 AND variant_id = $2`,
      [converted.dropId, converted.variantId, converted.quantity],
    );
    await this.record(manager, converted, 'sell', converted.userId, reason);
    await this.ledger.followStock(manager, converted.dropId, { actorUserId: null, reason });
    await afterCommit(manager, 'mirror a sold hold', () =>
      this.mirror({ kind: 'converted', hold: converted }),
    );
    return converted;
  }

  /**
   * Sells free units to a fan whose hold already ended (a payment that arrived late), in the
   * caller's transaction; throws SOLD_OUT if none are free. The sale is recorded as a hold in
   * state `converted`, so every sale has one; the gate and the live feed follow once it commits.
   */
  async sellWithoutHold(manager: EntityManager, sale: DirectSale): Promise<Hold> {
    const existing = await manager.getRepository(Hold).findOneBy({
      userId: sale.userId,
      dropId: sale.dropId,
      idempotencyKey: sale.key,
    });
    if (existing?.status === 'converted') return existing;
    const { hold } = await this.take(manager, {
      ...sale,
      holdSeconds: 0,
      // The fan paid within their limit when they held; a late payment is not a new purchase.
      perCustomerLimit: null,
      idempotencyKey: sale.key,
      requestHash: hashOf({ sale: sale.key }),
      liveStates: ['live', 'closed', 'sold_out'],
      status: 'converted',
      movement: 'sell',
    });
    await this.ledger.followStock(manager, sale.dropId, { actorUserId: null, reason: sale.reason });
    await afterCommit(manager, 'mirror a direct sale', () =>
      this.mirror({ kind: 'sold_directly', hold }),
    );
    return hold;
  }

  /**
   * Releases every active hold of a drop (it is being cancelled), in the caller's transaction,
   * with a `release` ledger row each. The caller has locked the drop row; the lines are locked
   * here, before the holds are read, so a hold committed while this waited is released too.
   * Once it commits, their expiry jobs go and the admission gate and live feed are rebuilt from
   * Postgres rather than moved hold by hold.
   */
  async releaseAllOfDrop(
    manager: EntityManager,
    dropId: string,
    cause: LedgerCause,
  ): Promise<Hold[]> {
    await rows(
      manager,
      `SELECT id FROM drop_lines WHERE drop_id = $1 ORDER BY variant_id FOR UPDATE`,
      [dropId],
    );
    const ended = (
      await rows<Record<string, unknown>>(
        manager,
        `UPDATE holds SET status = 'released', ended_at = now()
          WHERE drop_id = $1 AND status = 'active'
         RETURNING *`,
        [dropId],
      )
    ).map(toHold);
    for (const hold of ended) {
      await rows(
        manager,
        `UPDATE drop_lines SET held = held - $3 WHERE drop_id = $1 AND variant_id = $2`,
        [hold.dropId, hold.variantId, hold.quantity],
      );
      await rows(
        manager,
        `UPDATE drop_fan_units SET units = units - $3 WHERE drop_id = $1 AND user_id = $2`,
        [hold.dropId, hold.userId, hold.quantity],
      );
      await this.record(manager, hold, 'release', cause.actorUserId, cause.reason);
    }
    await afterCommit(manager, 'rebuild the gate after a drop released its holds', async () => {
      for (const hold of ended) await this.expiries.cancel(hold.id);
      await this.counters.rebuild(dropId);
    });
    return ended;
  }

  /** Mirrors a committed grant (see `grant`) in the admission gate, expiry queue and live feed. */
  async afterCommit(change: { kind: 'granted'; hold: Hold }): Promise<void> {
    await this.mirror(change);
  }

  /** Mirrors a committed change in the admission gate, the expiry queue and the live feed. */
  private async mirror(change: InventoryChange): Promise<void> {
    const { hold } = change;
    if (change.kind !== 'converted') {
      await this.gate.unitsTaken(hold.dropId, hold.userId, hold.variantId, hold.quantity);
    }
    if (change.kind === 'granted') await this.expiries.schedule(hold);
    const [line] = await this.dataSource.query<LineRow[]>(
      `SELECT quantity_allocated, held, sold FROM drop_lines WHERE drop_id = $1 AND variant_id = $2`,
      [hold.dropId, hold.variantId],
    );
    if (line) await this.publish(hold.dropId, hold.variantId, line);
  }

  /** An admitted request: its hold is written with the next group commit (HoldGrantBatcher). */
  private async confirm(
    request: AdmissionRequest,
    holdSeconds: number,
    perCustomerLimit: number,
    liveStates: readonly string[],
  ): Promise<{ hold: HoldView; replayed: boolean }> {
    let taken: Granted;
    try {
      taken = await this.batcher.grant({ ...request, holdSeconds, perCustomerLimit, liveStates });
    } catch (error) {
      // Postgres said no (or failed): the gate's units and the key go back.
      await this.gate.refused(request);
      if (
        error instanceof KeyAlreadyInPostgresError ||
        isUniqueViolation(error, 'UQ_holds_idempotency')
      ) {
        return this.replayFromPostgres(request);
      }
      throw error;
    }
    const view = holdView(taken.hold);
    await this.gate.remember(request.dropId, request.userId, request.idempotencyKey, {
      requestHash: request.requestHash,
      answer: view,
    });
    await this.expiries.schedule(taken.hold);
    await this.publish(request.dropId, taken.hold.variantId, taken.line);
    return { hold: view, replayed: false };
  }

  /**
   * A retry that arrived while its first request is being written: in this process it waits
   * for that answer (same batch or the next); in another process it is told to retry.
   */
  private async awaitFirstAnswer(
    request: AdmissionRequest,
  ): Promise<{ hold: HoldView; replayed: boolean }> {
    const first = this.batcher.pending(request.dropId, request.userId, request.idempotencyKey);
    if (!first) throw new IdempotentRequestInProgressError();
    return { hold: holdView((await first).hold), replayed: true };
  }

  /** The key is in Postgres but not in Redis (Redis lost it): Postgres has the first answer. */
  private async replayFromPostgres(
    request: AdmissionRequest,
  ): Promise<{ hold: HoldView; replayed: boolean }> {
    const first = await this.dataSource.getRepository(Hold).findOneByOrFail({
      userId: request.userId,
      dropId: request.dropId,
      idempotencyKey: request.idempotencyKey,
    });
    if (first.requestHash !== request.requestHash) throw new IdempotencyKeyReusedError();
    return { hold: holdView(first), replayed: true };
  }

  /**
   * The truth gate: the per-fan limit, the hold and its ledger row, and last the guarded
   * UPDATE of the contested line, so its row lock is held only until commit.
   */
  private async take(
    manager: EntityManager,
    request: TakeRequest,
  ): Promise<{ hold: Hold; line: LineRow }> {
    const { dropId, variantId, userId, quantity } = request;
    const owned = await rows<{ units: number }>(
      manager,
      `INSERT INTO drop_fan_units (drop_id, user_id, units)
       SELECT $1, $2, $3 WHERE $4::int IS NULL OR $3 <= $4::int
       ON CONFLICT (drop_id, user_id) DO UPDATE SET units = drop_fan_units.units + EXCLUDED.units
        WHERE $4::int IS NULL OR drop_fan_units.units + EXCLUDED.units <= $4::int
       RETURNING units`,
      [dropId, userId, quantity, request.perCustomerLimit],
    );
    if (owned.length === 0) throw new LimitReachedError(request.perCustomerLimit ?? 0);

    const [created] = await rows<Record<string, unknown>>(
      manager,
      `INSERT INTO holds (drop_id, variant_id, user_id, quantity, status, expires_at,
                          idempotency_key, request_hash, ended_at)
       VALUES ($1, $2, $3, $4, $5::varchar, now() + make_interval(secs => $6), $7, $8,
               CASE WHEN $5::varchar = 'active' THEN NULL ELSE now() END)
       RETURNING *`,
      [
        dropId,
        variantId,
        userId,
        quantity,
        request.status,
        request.holdSeconds,
        request.idempotencyKey,
        request.requestHash,
      ],
    );
    const hold = toHold(created);
    await this.record(manager, hold, request.movement, userId, request.reason);

    const counter = request.status === 'active' ? 'held' : 'sold';
    const [line] = await rows<LineRow>(
      manager,
      `UPDATE drop_lines l SET ${counter} = l.${counter} + $3
         FROM drops d
        WHERE d.id = l.drop_id AND l.drop_id = $1 AND l.variant_id = $2
          AND d.state = ANY($4::text[])
          AND l.held + l.sold + $3 <= l.quantity_allocated
       RETURNING l.quantity_allocated, l.held, l.sold`,
      [dropId, variantId, quantity, request.liveStates],
    );
    if (!line) throw await whyNotTaken(manager, dropId, variantId, request.liveStates);
    // The join above may have read the drop before a cancel or close committed while this
    // statement waited for the line's lock; a fresh read sees it, and the hold rolls back.
    const [drop] = await rows<{ state: string }>(manager, `SELECT state FROM drops WHERE id = $1`, [
      dropId,
    ]);
    if (!drop || !request.liveStates.includes(drop.state)) throw new DropNotLiveError();
    return { hold, line };
  }

  /**
   * Ends an active hold (released by its fan or expired) and returns its units to the line,
   * in one transaction with its ledger row; the gate and the live feed follow once it commits.
   */
  private async end(
    manager: EntityManager,
    holdId: string,
    to: 'released' | 'expired',
    scope: { userId?: string; dropId?: string; dueOnly?: boolean },
  ): Promise<
    { outcome: 'ended'; hold: Hold } | { outcome: 'not-ended'; hold: Hold } | { outcome: 'missing' }
  > {
    const [ended] = await rows<Record<string, unknown>>(
      manager,
      `UPDATE holds SET status = $2, ended_at = now()
        WHERE id = $1 AND status = 'active'
          AND ($3::uuid IS NULL OR user_id = $3::uuid)
          AND ($4::uuid IS NULL OR drop_id = $4::uuid)
          AND (NOT $5 OR expires_at <= now())
       RETURNING *`,
      [holdId, to, scope.userId ?? null, scope.dropId ?? null, scope.dueOnly ?? false],
    );
    if (!ended) {
      const current = await manager.getRepository(Hold).findOneBy({
        id: holdId,
        ...(scope.userId ? { userId: scope.userId } : {}),
        ...(scope.dropId ? { dropId: scope.dropId } : {}),
      });
      return current ? { outcome: 'not-ended', hold: current } : { outcome: 'missing' };
    }
    const hold = toHold(ended);
    const [line] = await rows<LineRow>(
      manager,
      `UPDATE drop_lines SET held = held - $3 WHERE drop_id = $1 AND variant_id = $2
       RETURNING quantity_allocated, held, sold`,
      [hold.dropId, hold.variantId, hold.quantity],
    );
    await rows(
      manager,
      `UPDATE drop_fan_units SET units = units - $3 WHERE drop_id = $1 AND user_id = $2`,
      [hold.dropId, hold.userId, hold.quantity],
    );
    const cause: LedgerCause = {
      actorUserId: to === 'released' ? hold.userId : null,
      reason: to === 'released' ? 'released by the fan' : 'hold time ran out',
    };
    await this.record(
      manager,
      hold,
      to === 'released' ? 'release' : 'expire',
      cause.actorUserId,
      cause.reason,
    );
    // A hold of a drop that ended meanwhile gives its units to the edition, not the line.
    if ((await this.ledger.followStock(manager, hold.dropId, cause)) === 'returned') {
      const [after] = await rows<LineRow>(
        manager,
        `SELECT quantity_allocated, held, sold FROM drop_lines WHERE drop_id = $1 AND variant_id = $2`,
        [hold.dropId, hold.variantId],
      );
      await afterCommit(manager, 'mirror returned units', () => this.returned(hold, after));
      return { outcome: 'ended', hold };
    }
    await afterCommit(manager, 'mirror returned units', () => this.returned(hold, line));
    return { outcome: 'ended', hold };
  }

  private async returned(hold: Hold, line: LineRow): Promise<void> {
    await this.gate.unitsReturned(hold.dropId, hold.userId, hold.variantId, hold.quantity);
    await this.publish(hold.dropId, hold.variantId, line);
  }

  /** Never fails the movement it reports (CounterFeed logs and settles instead). */
  private async publish(dropId: string, variantId: string, line: LineRow): Promise<void> {
    await this.feed.publish(dropId, [
      lineCounters(variantId, line.quantity_allocated, line.held, line.sold),
    ]);
  }

  private async record(
    manager: EntityManager,
    hold: Hold,
    kind: MovementKind,
    actorUserId: string | null,
    reason: string,
  ): Promise<void> {
    await rows(
      manager,
      `INSERT INTO inventory_movements (drop_id, variant_id, hold_id, kind, quantity, actor_user_id, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [hold.dropId, hold.variantId, hold.id, kind, hold.quantity, actorUserId, reason],
    );
  }

  private async limitOf(manager: EntityManager, dropId: string): Promise<number> {
    const [drop] = await rows<{ per_customer_limit: number }>(
      manager,
      `SELECT per_customer_limit FROM drops WHERE id = $1`,
      [dropId],
    );
    if (!drop) throw new DropNotFoundForHoldError();
    return drop.per_customer_limit;
  }
}
