import {
  type DeferredSessionCheck,
  DomainError,
  Metrics,
  parseRateLimit,
  PlatformConfig,
  RATE_LIMIT_HIT_LUA,
  RATE_LIMITS,
  type RateLimitName,
  RateLimitedError,
  RateLimitUnavailableError,
  rateLimitBlockKey,
  rateLimitKey,
  rateLimitTracker,
  REDIS,
  retryAfterSeconds,
} from '@limited-run/platform';
import { AdmissionPolicy } from '@limited-run/admission';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type Redis from 'ioredis';
import {
  ADMIT_LUA,
  type AdmissionOutcome,
  type AdmissionRequest,
  type IdempotencyRecord,
} from './admission-gate';
import { admissionKeys } from './admission-keys';

/**
 * Everything the hold route checks before Postgres, in ONE Redis round trip (docs/benchmarks.md,
 * "Declines at the ceiling"), in the order the guards and the service used to check it:
 *
 * 1. the fan's cached account and session (identity's cache; a miss answers `auth` and the
 *    caller takes the slow path, then asks again without it);
 * 2. the per-fan limit, then the per-IP limit (the throttler's keys, budgets and function, so
 *    other routes naming these limits share them);
 * 3. the waiting room's phase (the caller has checked the fan's admission token in process);
 * 4. the gate: replay, counters ready, live, variant, the fan's limit, stock, take.
 *
 * KEYS 1–4 (gate and room) share the drop's hash slot `{drop:<id>}`: they must change
 * together. KEYS 5–8 belong to the fan and the client address and cannot share a drop's slot
 * (a fan's limit spans every drop); they only need to be read or counted before the gate,
 * not atomically with it. On one Redis (our deployment) the script is one call; on Redis
 * Cluster it would be split in two calls (steps 1–2 on the fan's node, 3–4 on the drop's),
 * which the `allow-cross-slot-keys` flag below does not remove. See docs/benchmarks.md.
 *
 * KEYS: avail, fans, idempotency, room meta, auth user, auth session, fan hits, fan block,
 *       ip hits, ip block.
 * ARGV: 1 variant, 2 quantity, 3 user, 4 per-fan limit, 5 record, 6 live (1/0)  — the gate's
 *       7 live session value, 8 check session (1/0), 9 count limits (1/0),
 *       10 fan window ms, 11 fan limit, 12 ip window ms, 13 ip limit,
 *       14 fan may pass the room (1/0), 15 mode: `gate`, or `limits` (stop after step 2).
 */
const HOLD_ATTEMPT = `#!lua flags=allow-cross-slot-keys
${RATE_LIMIT_HIT_LUA}
if ARGV[8] == '1' then
  local user = redis.call('GET', KEYS[5])
  local session = redis.call('GET', KEYS[6])
  if not user or session ~= ARGV[7] then return {'auth'} end
  local ok, state = pcall(cjson.decode, user)
  if not ok or type(state) ~= 'table' or state.status ~= 'active' then return {'auth'} end
end
if ARGV[9] == '1' then
  local fan = rateLimitHit(KEYS[7], KEYS[8], ARGV[10], ARGV[11], ARGV[10])
  if fan[3] == 1 then return {'rate_limited', tostring(fan[4])} end
  local ip = rateLimitHit(KEYS[9], KEYS[10], ARGV[12], ARGV[13], ARGV[12])
  if ip[3] == 1 then return {'rate_limited', tostring(ip[4])} end
end
if ARGV[15] ~= 'gate' then return {'counted'} end
if ARGV[14] ~= '1' then
  local phase = redis.call('HGET', KEYS[4], 'phase')
  if phase and phase ~= 'closed' then return {'admission_required'} end
end
${ADMIT_LUA}`;

type HoldAttemptCommand = (...keysThenArgs: string[]) => Promise<[string, string?]>;

/** Who is asking, from where, and with which tokens: what the checks before the gate need. */
export interface HoldAttempt {
  session: DeferredSessionCheck;
  ip: string;
  dropId: string;
  idempotencyKey: string;
  admissionToken?: string;
}

/** The gate's answer, or a refusal (401/403/429/503) returned to the fan as it is. */
export type HoldDecision = AdmissionOutcome | { kind: 'refused'; error: DomainError };

interface Window {
  windowMs: number;
  limit: number;
}

type Mode = { kind: 'limits' } | { kind: 'gate'; request: AdmissionRequest; passesRoom: boolean };

/**
 * Runs the hold route's one Redis script and turns its answer into a decision. The slow paths
 * (a session the cache does not know; counters to rebuild) cost more calls, the declines of an
 * opening do not.
 */
@Injectable()
export class HoldAttempts {
  private readonly run: HoldAttemptCommand;
  private readonly fanWindow: Window;
  private readonly ipWindow: Window;

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly room: AdmissionPolicy,
    config: PlatformConfig,
    @Optional() private readonly metrics?: Metrics,
  ) {
    redis.defineCommand('lrHoldAttempt', { numberOfKeys: 10, lua: HOLD_ATTEMPT });
    this.run = (...args) =>
      (redis as unknown as { lrHoldAttempt: HoldAttemptCommand }).lrHoldAttempt(...args);
    const windowOf = (name: RateLimitName): Window => {
      const { limit, windowSeconds } = parseRateLimit(
        String(config.get(RATE_LIMITS[name].variable)),
      );
      return { limit, windowMs: windowSeconds * 1000 };
    };
    this.fanWindow = windowOf('holdsPerFan');
    this.ipWindow = windowOf('holdsPerIp');
  }

  /**
   * Counts the attempt against the fan's and the address's limits (after the session check)
   * and stops: for a request refused before the gate (bad input, unknown or raffle drop),
   * which the guards used to count too. Undefined if it may go on to its own refusal.
   */
  async countOnly(attempt: HoldAttempt): Promise<HoldDecision | undefined> {
    const decision = await this.decide(attempt, { kind: 'limits' });
    return decision.kind === 'admitted' ? undefined : decision;
  }

  /** The whole check for a well-formed request: session, limits, room, gate. */
  admit(attempt: HoldAttempt, request: AdmissionRequest): Promise<HoldDecision> {
    const problem = this.room.roomCheck(attempt.dropId, request.userId, attempt.admissionToken);
    return this.decide(attempt, { kind: 'gate', request, passesRoom: problem === null });
  }

  /** The gate again, after a rebuild: the session, limits and room were checked already. */
  async readmit(attempt: HoldAttempt, request: AdmissionRequest): Promise<HoldDecision> {
    const answer = await this.call(
      attempt,
      { kind: 'gate', request, passesRoom: true },
      false,
      false,
    );
    return this.gateOutcome(answer);
  }

  private async decide(attempt: HoldAttempt, mode: Mode): Promise<HoldDecision> {
    let answer: [string, string?];
    try {
      answer = await this.call(attempt, mode, true, true);
      if (answer[0] === 'auth') {
        // Not in the cache, or not usable: the guard's own check (Postgres on a miss) refuses
        // or lets the fan on, and the script runs again without this step.
        await attempt.session.confirm();
        answer = await this.call(attempt, mode, false, true);
      }
    } catch (error) {
      if (error instanceof DomainError) return { kind: 'refused', error };
      return this.unavailable(attempt, error);
    }
    const [kind, detail] = answer;
    if (kind === 'rate_limited') {
      return { kind: 'refused', error: new RateLimitedError(retryAfterSeconds(Number(detail))) };
    }
    if (kind === 'counted') return { kind: 'admitted' };
    if (kind === 'admission_required') {
      const problem = this.room.roomCheck(
        attempt.dropId,
        attempt.session.userId,
        attempt.admissionToken,
      );
      return { kind: 'refused', error: this.room.refusal(problem ?? 'no access token was sent') };
    }
    return this.gateOutcome(answer);
  }

  /** Redis is unreachable: the session is still checked (Postgres), then the limits refuse. */
  private async unavailable(attempt: HoldAttempt, cause: unknown): Promise<HoldDecision> {
    try {
      await attempt.session.confirm();
    } catch (error) {
      if (error instanceof DomainError) return { kind: 'refused', error };
    }
    return { kind: 'refused', error: new RateLimitUnavailableError(cause) };
  }

  private gateOutcome([kind, prior]: [string, string?]): AdmissionOutcome {
    // Hold decisions by outcome; `cold` is not one (the gate is rebuilt and asked again).
    if (kind !== 'cold') this.metrics?.holdDecisions.inc({ outcome: kind });
    if (kind === 'replay') return { kind, record: JSON.parse(prior ?? '{}') as IdempotencyRecord };
    return { kind } as AdmissionOutcome;
  }

  private async call(
    attempt: HoldAttempt,
    mode: Mode,
    checkSession: boolean,
    countLimits: boolean,
  ): Promise<[string, string?]> {
    const { session, ip, dropId } = attempt;
    const gate = admissionKeys(dropId);
    const request = mode.kind === 'gate' ? mode.request : undefined;
    const fanHits = rateLimitKey(
      'holdsPerFan',
      rateLimitTracker('user', { userId: session.userId, ip }),
    );
    const ipHits = rateLimitKey('holdsPerIp', rateLimitTracker('ip', { ip }));
    const record: IdempotencyRecord = { requestHash: request?.requestHash ?? '' };
    const timer = request ? this.metrics?.gateLatency.startTimer() : undefined;
    const answer = await this.run(
      gate.available,
      gate.fans,
      gate.idempotency(session.userId, attempt.idempotencyKey),
      this.room.phaseKey(dropId),
      session.userKey,
      session.sessionKey,
      fanHits,
      rateLimitBlockKey(fanHits),
      ipHits,
      rateLimitBlockKey(ipHits),
      request?.variantId ?? '',
      String(request?.quantity ?? 0),
      session.userId,
      String(request?.perCustomerLimit ?? 0),
      JSON.stringify(record),
      request?.live ? '1' : '0',
      session.liveSessionValue,
      checkSession ? '1' : '0',
      countLimits ? '1' : '0',
      String(this.fanWindow.windowMs),
      String(this.fanWindow.limit),
      String(this.ipWindow.windowMs),
      String(this.ipWindow.limit),
      mode.kind === 'gate' && mode.passesRoom ? '1' : '0',
      mode.kind,
    );
    timer?.();
    return answer;
  }
}
