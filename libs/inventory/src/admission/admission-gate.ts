import { Metrics, REDIS } from '@limited-run/platform';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type Redis from 'ioredis';
import { admissionKeys, READY_FIELD } from './admission-keys';

/**
 * What a retried request gets back: the request's hash and, once the first attempt finished,
 * its answer. Kept for a day once answered, like Stripe's idempotency keys; a minute before.
 */
export interface IdempotencyRecord {
  requestHash: string;
  answer?: unknown;
}

export type AdmissionOutcome =
  | { kind: 'admitted' }
  | { kind: 'replay'; record: IdempotencyRecord }
  | { kind: 'cold' | 'not_live' | 'unknown_variant' | 'limit' | 'sold_out' | 'insufficient' };

export interface AdmissionRequest {
  dropId: string;
  userId: string;
  variantId: string;
  quantity: number;
  perCustomerLimit: number;
  live: boolean;
  requestHash: string;
  idempotencyKey: string;
}

export const IDEMPOTENCY_TTL_SECONDS = 86_400;
/**
 * How long the key's marker lives before its answer is written. An answer replaces it for a
 * day; a marker that never gets one (the API died mid-request, or Redis failed as Postgres
 * refused) lapses, and a retry under the key is then decided afresh instead of being told
 * REQUEST_IN_PROGRESS for a day. A retry that still overlaps a slow first attempt is safe:
 * Postgres's `UQ_holds_idempotency` replays the first hold, and the gate gets its units back.
 */
export const PENDING_ANSWER_TTL_SECONDS = 60;
/**
 * The counters are a cache of Postgres: they lapse two days after their last rebuild (a drop
 * that ended leaves nothing behind) and the next request rebuilds them, at the cost of the
 * drop's size. `fans` may first appear when a script increments it: it then takes the TTL of
 * `avail` (FANS_TTL below), so the two lapse together.
 */
export const GATE_TTL_SECONDS = 2 * 86_400;

/**
 * Checks, in this order and atomically: a previous request under the same key (replay), the
 * counters being built, the drop being live, the variant, the fan's limit, and stock; then takes
 * the units and records the key. Declines never touch Postgres.
 */
/** Lua: gives KEYS[2] (fans) the remaining TTL of KEYS[1] (avail) if it has none yet. */
const FANS_TTL = `
if redis.call('PTTL', KEYS[2]) == -1 then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
end
`;

/**
 * The gate's decision, as a fragment: the hold route's one-round-trip script
 * (`hold-attempt.ts`) runs it after its own checks, with the same KEYS[1..3] and ARGV[1..6].
 */
export const ADMIT_LUA = `
local prior = redis.call('GET', KEYS[3])
if prior then return {'replay', prior} end
if redis.call('HEXISTS', KEYS[1], '${READY_FIELD}') == 0 then return {'cold'} end
if ARGV[6] ~= '1' then return {'not_live'} end
local available = redis.call('HGET', KEYS[1], ARGV[1])
if not available then return {'unknown_variant'} end
available = tonumber(available)
local quantity = tonumber(ARGV[2])
local owned = tonumber(redis.call('HGET', KEYS[2], ARGV[3]) or '0')
if owned + quantity > tonumber(ARGV[4]) then return {'limit'} end
if available <= 0 then return {'sold_out'} end
if available < quantity then return {'insufficient'} end
redis.call('HINCRBY', KEYS[1], ARGV[1], -quantity)
redis.call('HINCRBY', KEYS[2], ARGV[3], quantity)
${FANS_TTL}
redis.call('SET', KEYS[3], ARGV[5], 'EX', ${PENDING_ANSWER_TTL_SECONDS})
return {'admitted'}
`;

/**
 * Moves units between the gate and a hold after Postgres has decided: +n gives units back,
 * −n takes them. A gate being rebuilt is left alone (the rebuild reads Postgres, which already
 * has the change). ARGV[4] = '1' also forgets the idempotency key of a refused request.
 */
const ADJUST = `
if redis.call('HEXISTS', KEYS[1], '${READY_FIELD}') == 0 then return 0 end
return redis.call('HINCRBY', KEYS[1], ARGV[1], tonumber(ARGV[2]))
`;

const MOVE = `
if ARGV[4] == '1' then redis.call('DEL', KEYS[3]) end
if redis.call('HEXISTS', KEYS[1], '${READY_FIELD}') == 0 then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[1], tonumber(ARGV[3]))
local owned = redis.call('HINCRBY', KEYS[2], ARGV[2], -tonumber(ARGV[3]))
if owned <= 0 then redis.call('HDEL', KEYS[2], ARGV[2]) end
${FANS_TTL}
return 1
`;

interface GateCommands {
  lrAdmit(
    available: string,
    fans: string,
    idempotency: string,
    ...args: string[]
  ): Promise<[string, string?]>;
  lrMove(available: string, fans: string, idempotency: string, ...args: string[]): Promise<number>;
  lrAdjust(available: string, variantId: string, delta: string): Promise<number>;
}

/** A drop's stock as the gate should hold it, computed from Postgres. */
export interface GateSnapshot {
  available: Record<string, number>;
  fans: Record<string, number>;
  /**
   * Answers to requests whose holds still count (active or sold), so a retry after the rebuild
   * gets its first answer. Bounded by the drop's allocation, not its history: a retry of an
   * ended hold's request finds its answer in Postgres instead (`UQ_holds_idempotency`).
   */
  answers: Array<{ userId: string; key: string; record: IdempotencyRecord }>;
}

/**
 * The Redis admission gate (docs/design.md, "The hot path"): a cache of Postgres that lets the
 * API decline the many requests that cannot succeed with one round trip and no SQL. It is
 * never trusted for the invariant; Postgres refuses what the gate wrongly admits.
 */
@Injectable()
export class AdmissionGate {
  private readonly commands: GateCommands;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Optional() private readonly metrics?: Metrics,
  ) {
    redis.defineCommand('lrAdmit', { numberOfKeys: 3, lua: ADMIT_LUA });
    redis.defineCommand('lrMove', { numberOfKeys: 3, lua: MOVE });
    redis.defineCommand('lrAdjust', { numberOfKeys: 1, lua: ADJUST });
    this.commands = redis as unknown as GateCommands;
  }

  async admit(request: AdmissionRequest): Promise<AdmissionOutcome> {
    const keys = admissionKeys(request.dropId);
    const record: IdempotencyRecord = { requestHash: request.requestHash };
    const timer = this.metrics?.gateLatency.startTimer();
    const [kind, prior] = await this.commands.lrAdmit(
      keys.available,
      keys.fans,
      keys.idempotency(request.userId, request.idempotencyKey),
      request.variantId,
      String(request.quantity),
      request.userId,
      String(request.perCustomerLimit),
      JSON.stringify(record),
      request.live ? '1' : '0',
    );
    timer?.();
    // Hold decisions by outcome; `cold` is not one (the gate is rebuilt and asked again).
    if (kind !== 'cold') this.metrics?.holdDecisions.inc({ outcome: kind });
    if (kind === 'replay') return { kind, record: JSON.parse(prior ?? '{}') as IdempotencyRecord };
    return { kind } as AdmissionOutcome;
  }

  /** Postgres refused an admitted request: its units and its idempotency key go back. */
  async refused(request: AdmissionRequest): Promise<void> {
    await this.move(request.dropId, request.userId, request.variantId, request.quantity, {
      forgetKey: request.idempotencyKey,
    });
  }

  /** After a committed release or expiry: the units are for sale again at once. */
  async unitsReturned(dropId: string, userId: string, variantId: string, n: number): Promise<void> {
    await this.move(dropId, userId, variantId, n);
  }

  /** After a committed hold or sale that did not pass through `admit` (granted holds). */
  async unitsTaken(dropId: string, userId: string, variantId: string, n: number): Promise<void> {
    await this.move(dropId, userId, variantId, -n);
  }

  /** Stores a finished request's answer under its key, so a retry gets the same answer. */
  async remember(dropId: string, userId: string, key: string, record: IdempotencyRecord) {
    await this.redis.set(
      admissionKeys(dropId).idempotency(userId, key),
      JSON.stringify(record),
      'EX',
      IDEMPOTENCY_TTL_SECONDS,
    );
  }

  /** Replaces the drop's counters in one transaction; the `__ready` field goes in last. */
  async load(dropId: string, snapshot: GateSnapshot): Promise<void> {
    const keys = admissionKeys(dropId);
    const write = this.redis.multi().del(keys.available, keys.fans);
    const fans = Object.entries(snapshot.fans).filter(([, units]) => units > 0);
    for (let i = 0; i < fans.length; i += 1000) {
      write.hset(keys.fans, Object.fromEntries(fans.slice(i, i + 1000)));
    }
    for (const { userId, key, record } of snapshot.answers) {
      write.set(
        keys.idempotency(userId, key),
        JSON.stringify(record),
        'EX',
        IDEMPOTENCY_TTL_SECONDS,
      );
    }
    write.hset(keys.available, { ...snapshot.available, [READY_FIELD]: '1' });
    write.expire(keys.fans, GATE_TTL_SECONDS).expire(keys.available, GATE_TTL_SECONDS);
    await write.exec();
  }

  /** Takes the rebuild lock for `ms`; false if another process is rebuilding. */
  async lockRebuild(dropId: string, ms: number): Promise<boolean> {
    return (await this.redis.set(admissionKeys(dropId).rebuilding, '1', 'PX', ms, 'NX')) === 'OK';
  }

  async unlockRebuild(dropId: string): Promise<void> {
    await this.redis.del(admissionKeys(dropId).rebuilding);
  }

  async isReady(dropId: string): Promise<boolean> {
    return (await this.redis.hexists(admissionKeys(dropId).available, READY_FIELD)) === 1;
  }

  /** Units the gate would admit per variant, or undefined while it is cold. */
  async available(dropId: string): Promise<Record<string, number> | undefined> {
    const raw = await this.redis.hgetall(admissionKeys(dropId).available);
    if (!(READY_FIELD in raw)) return undefined;
    delete raw[READY_FIELD];
    return Object.fromEntries(Object.entries(raw).map(([variant, n]) => [variant, Number(n)]));
  }

  /** Relative change of one variant's admissible units (reconciliation's repair). */
  async adjust(dropId: string, variantId: string, delta: number): Promise<void> {
    // Only a complete gate is adjusted: HINCRBY on a lapsed key would create one without TTL.
    await this.commands.lrAdjust(admissionKeys(dropId).available, variantId, String(delta));
  }

  private async move(
    dropId: string,
    userId: string,
    variantId: string,
    n: number,
    options: { forgetKey?: string } = {},
  ): Promise<void> {
    const keys = admissionKeys(dropId);
    await this.commands.lrMove(
      keys.available,
      keys.fans,
      keys.idempotency(userId, options.forgetKey ?? '-'),
      variantId,
      userId,
      String(n),
      options.forgetKey ? '1' : '0',
    );
  }
}
