import { raffleHoldRefusal } from '@limited-run/admission';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AdmissionGate, type AdmissionRequest } from './admission/admission-gate';
import { InventoryCounters } from './admission/inventory-counters';
import { type DropTerms, DropTermsCache } from './drop-terms.cache';
import { type HoldAttempt, type HoldDecision, HoldAttempts } from './admission/hold-attempt';
import { Hold } from './hold.entity';
import { HoldGrantBatcher } from './hold-grant-batcher';
import { type Granted, KeyAlreadyInPostgresError } from './hold-grant-writer';
import { holdView, type HoldView } from './hold-view';
import { HoldExpiryScheduler } from './hold-expiry.scheduler';
import { requestHashOf } from './idempotency-key';
import {
  DropNotFoundForHoldError,
  DropNotLiveError,
  HoldNotFoundError,
  IdempotencyKeyReusedError,
  IdempotentRequestInProgressError,
  InsufficientStockError,
  LimitReachedError,
  SoldOutError,
  VariantNotInDropError,
} from './inventory.errors';
import { InventoryMirror } from './movements/inventory-mirror';
import { DomainError, isUniqueViolation } from '@limited-run/platform';

export interface HoldRequest {
  variantId: string;
  quantity: number;
}

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
 * the guarded UPDATE on the drop line (backed by its CHECK) is the truth. Every other movement
 * of units (grants, sales, endings, refunds) is in `movements/`.
 */
@Injectable()
export class HoldsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gate: AdmissionGate,
    private readonly counters: InventoryCounters,
    private readonly terms: DropTermsCache,
    private readonly expiries: HoldExpiryScheduler,
    private readonly attempts: HoldAttempts,
    private readonly batcher: HoldGrantBatcher,
    private readonly mirror: InventoryMirror,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(HoldsService.name);
  }

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
      requestHash: requestHashOf({ dropId, variantId: input.variantId, quantity: input.quantity }),
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
      // Postgres said no (or failed): the gate's units and the key go back. If Redis cannot
      // take them now, the reconciliation does (meanwhile the gate can only under-sell), and
      // the answer is Postgres's, not Redis's.
      await this.gate
        .refused(request)
        .catch((redisError: unknown) =>
          this.logger.warn({ err: redisError }, 'refused units not returned to the gate yet'),
        );
      if (
        error instanceof KeyAlreadyInPostgresError ||
        isUniqueViolation(error, 'UQ_holds_idempotency')
      ) {
        return this.replayFromPostgres(request);
      }
      throw error;
    }
    const view = holdView(taken.hold);
    // The hold is committed. Redis failing from here (restarting, unreachable) must not answer
    // it with a 5xx: a retry under the same key then finds it in Postgres (awaitFirstAnswer).
    await this.gate
      .remember(request.dropId, request.userId, request.idempotencyKey, {
        requestHash: request.requestHash,
        answer: view,
      })
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, 'granted hold not remembered in Redis; Postgres has it'),
      );
    await this.expiries.schedule(taken.hold);
    await this.mirror.publish(request.dropId, taken.hold.variantId, taken.line);
    return { hold: view, replayed: false };
  }

  /**
   * A retry whose first request has no answer in Redis: in this process it waits for that
   * answer (same batch or the next). Otherwise Postgres is asked: the first request may have
   * been written without its answer reaching Redis (another process, or Redis failing just
   * after the commit); if it is not there yet, the fan is told to retry.
   */
  private async awaitFirstAnswer(
    request: AdmissionRequest,
  ): Promise<{ hold: HoldView; replayed: boolean }> {
    const first = this.batcher.pending(request.dropId, request.userId, request.idempotencyKey);
    if (first) return { hold: holdView((await first).hold), replayed: true };
    const written = await this.writtenUnderKey(request);
    if (!written) throw new IdempotentRequestInProgressError();
    return written;
  }

  /** The key is in Postgres but not in Redis (Redis lost it): Postgres has the first answer. */
  private async replayFromPostgres(
    request: AdmissionRequest,
  ): Promise<{ hold: HoldView; replayed: boolean }> {
    const written = await this.writtenUnderKey(request);
    if (!written) throw new Error(`no hold under key ${request.idempotencyKey} after a conflict`);
    return written;
  }

  /** The hold Postgres has under this request's key: the first answer, replayed. */
  private async writtenUnderKey(
    request: AdmissionRequest,
  ): Promise<{ hold: HoldView; replayed: true } | undefined> {
    const first = await this.dataSource.getRepository(Hold).findOneBy({
      userId: request.userId,
      dropId: request.dropId,
      idempotencyKey: request.idempotencyKey,
    });
    if (!first) return undefined;
    if (first.requestHash !== request.requestHash) throw new IdempotencyKeyReusedError();
    return { hold: holdView(first), replayed: true };
  }
}
