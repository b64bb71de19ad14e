import { type LineCounts, readDropState, takeLineUnits } from '@limited-run/drops';
import { ledgerInsert } from '@limited-run/ledger';
import { rows } from '@limited-run/platform';
import { EarlyAccessPolicy, HoldNotOpenToYouError } from '@limited-run/admission';
import type { EntityManager } from 'typeorm';
import type { Hold } from './hold.entity';
import { toHold, whyNotTaken } from './hold-rows';
import { DropNotLiveError, LimitReachedError } from './inventory.errors';

/** One admitted hold request, as the batch writes it. */
export interface GrantJob {
  dropId: string;
  variantId: string;
  userId: string;
  quantity: number;
  idempotencyKey: string;
  requestHash: string;
  holdSeconds: number;
  perCustomerLimit: number;
  /** Drop states in which this request may take units (`scheduled` too during early access). */
  liveStates: readonly string[];
}

export interface Granted {
  hold: Hold;
  /** The line's counters right after this hold's batch took its units. */
  line: LineCounts;
}

/** The fan's key already has a hold in Postgres (Redis lost its record): the first answer stands. */
export class KeyAlreadyInPostgresError extends Error {
  constructor() {
    super('idempotency key already has a hold in Postgres');
  }
}

export type GrantOutcome = { ok: true; granted: Granted } | { ok: false; error: Error };

const HELD_BY_THE_FAN = 'held by the fan';

/** The `hold` movement of every hold the batch's statement created, in that statement. */
const LEDGER_OF_CREATED = ledgerInsert(
  `SELECT drop_id, variant_id, id, 'hold', quantity, user_id, $8 FROM created`,
);

/**
 * Writes a batch of admitted holds of one drop (same terms, one request per fan) in the
 * caller's transaction, with as many statements as a single hold: the waitlist rules for every
 * fan in one query, the keys Postgres already has, the per-fan limits in one upsert, every hold
 * and its ledger row in one statement, then one guarded UPDATE per line (variant order, so two
 * batches lock lines in the same order) and a fresh read of the drop's state.
 *
 * Per-fan refusals (waitlist rules, limit, key already used) are answers in the result and the
 * rest commits. A line that cannot take the batch's sum, or a drop no longer on sale, throws:
 * the transaction rolls back and the caller splits the batch (or, for one hold, that error is
 * the fan's answer). The line's CHECK constraint stays the last word behind the guard.
 */
export async function writeGrants(
  manager: EntityManager,
  earlyAccess: EarlyAccessPolicy,
  jobs: readonly GrantJob[],
): Promise<GrantOutcome[]> {
  const { dropId, holdSeconds, perCustomerLimit, liveStates } = jobs[0];
  const outcomes = new Map<GrantJob, GrantOutcome>();
  const refuse = (job: GrantJob, error: Error): void =>
    void outcomes.set(job, { ok: false, error });

  const access = await earlyAccess.checkEach(
    manager,
    dropId,
    jobs.map((job) => job.userId),
  );
  let open = jobs.filter((job) => {
    const fan = access.get(job.userId);
    if (fan && !fan.allowed) refuse(job, new HoldNotOpenToYouError(fan.reason));
    return !fan || fan.allowed;
  });

  const known = await keysAlreadyInPostgres(manager, dropId, open);
  open = open.filter((job) => {
    if (known.has(job.userId)) refuse(job, new KeyAlreadyInPostgresError());
    return !known.has(job.userId);
  });

  const withinLimit = await addFanUnits(manager, dropId, perCustomerLimit, open);
  open = open.filter((job) => {
    if (!withinLimit.has(job.userId)) refuse(job, new LimitReachedError(perCustomerLimit));
    return withinLimit.has(job.userId);
  });

  if (open.length > 0) {
    const holds = await insertHoldsWithLedger(manager, dropId, holdSeconds, open);
    const lines = await takeUnits(manager, dropId, liveStates, open);
    // The join in `takeUnits` may have read the drop before a cancel or close committed while
    // it waited for a line's lock; a fresh read sees it, and the batch rolls back.
    const state = await readDropState(manager, dropId);
    if (!state || !liveStates.includes(state)) throw new DropNotLiveError();
    for (const job of open) {
      const hold = holds.get(job.userId);
      const line = lines.get(job.variantId);
      if (!hold || !line) throw new Error('a batched hold was not written');
      outcomes.set(job, { ok: true, granted: { hold, line } });
    }
  }
  return jobs.map((job) => outcomes.get(job) as GrantOutcome);
}

/** The fans of the batch whose key already has a hold (one per fan in a batch). */
async function keysAlreadyInPostgres(
  manager: EntityManager,
  dropId: string,
  jobs: readonly GrantJob[],
): Promise<Set<string>> {
  if (jobs.length === 0) return new Set();
  const found = await rows<{ user_id: string }>(
    manager,
    `SELECT h.user_id FROM holds h
       JOIN unnest($2::uuid[], $3::varchar[]) AS k(user_id, idempotency_key)
         ON h.user_id = k.user_id AND h.idempotency_key = k.idempotency_key
      WHERE h.drop_id = $1`,
    [dropId, jobs.map((job) => job.userId), jobs.map((job) => job.idempotencyKey)],
  );
  return new Set(found.map((row) => row.user_id));
}

/** Adds each fan's units within the per-fan limit; returns the fans it was added for. */
async function addFanUnits(
  manager: EntityManager,
  dropId: string,
  limit: number,
  jobs: readonly GrantJob[],
): Promise<Set<string>> {
  if (jobs.length === 0) return new Set();
  // Fan order, so that two batches touching the same fans lock their rows in the same order.
  const owners = await rows<{ user_id: string }>(
    manager,
    `INSERT INTO drop_fan_units (drop_id, user_id, units)
     SELECT $1, f.user_id, f.units FROM unnest($2::uuid[], $3::int[]) AS f(user_id, units)
      WHERE f.units <= $4::int
      ORDER BY f.user_id
     ON CONFLICT (drop_id, user_id) DO UPDATE SET units = drop_fan_units.units + EXCLUDED.units
      WHERE drop_fan_units.units + EXCLUDED.units <= $4::int
     RETURNING user_id`,
    [dropId, jobs.map((job) => job.userId), jobs.map((job) => job.quantity), limit],
  );
  return new Set(owners.map((row) => row.user_id));
}

/** Every hold of the batch and its `hold` ledger row, in one statement; holds by fan. */
async function insertHoldsWithLedger(
  manager: EntityManager,
  dropId: string,
  holdSeconds: number,
  jobs: readonly GrantJob[],
): Promise<Map<string, Hold>> {
  const created = await rows<Record<string, unknown>>(
    manager,
    `WITH created AS (
       INSERT INTO holds (drop_id, variant_id, user_id, quantity, status, expires_at,
                          idempotency_key, request_hash)
       SELECT $1, h.variant_id, h.user_id, h.quantity, 'active', now() + make_interval(secs => $2),
              h.idempotency_key, h.request_hash
         FROM unnest($3::uuid[], $4::uuid[], $5::int[], $6::varchar[], $7::char(64)[])
              AS h(variant_id, user_id, quantity, idempotency_key, request_hash)
       RETURNING *
     ), ledger AS (
       ${LEDGER_OF_CREATED}
     )
     SELECT * FROM created`,
    [
      dropId,
      holdSeconds,
      jobs.map((job) => job.variantId),
      jobs.map((job) => job.userId),
      jobs.map((job) => job.quantity),
      jobs.map((job) => job.idempotencyKey),
      jobs.map((job) => job.requestHash),
      HELD_BY_THE_FAN,
    ],
  );
  return new Map(created.map((row) => [row.user_id as string, toHold(row)]));
}

/**
 * One guarded UPDATE per line (drops' `takeLineUnits`) for the sum the batch takes from it, in
 * variant order; the lines' counters after it, by variant. Throws why a line could not take its
 * sum.
 */
async function takeUnits(
  manager: EntityManager,
  dropId: string,
  liveStates: readonly string[],
  jobs: readonly GrantJob[],
): Promise<Map<string, LineCounts>> {
  const sums = new Map<string, number>();
  for (const job of jobs) sums.set(job.variantId, (sums.get(job.variantId) ?? 0) + job.quantity);
  const lines = new Map<string, LineCounts>();
  for (const variantId of [...sums.keys()].sort()) {
    const quantity = sums.get(variantId) ?? 0;
    const line = await takeLineUnits(manager, {
      dropId,
      variantId,
      quantity,
      into: 'held',
      liveStates,
    });
    if (!line) throw await whyNotTaken(manager, dropId, variantId, liveStates);
    lines.set(variantId, line);
  }
  return lines;
}
