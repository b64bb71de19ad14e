// The pure arithmetic of the round-based benchmarks: which target runs when, medians over
// rounds, CPU per request from /proc tick deltas, and how much of the machine other people used.
// No I/O here, so it is unit-tested (rounds.spec.ts).

/**
 * The order targets run in: a warm-up round (discarded) then `rounds` measured rounds, every
 * target once per round, the order rotated each round so no target always follows the same one
 * (a slow neighbour's after-effects, a Postgres checkpoint, land on each target in turn).
 */
export function interleave<T>(
  targets: readonly T[],
  rounds: number,
): Array<{ round: number; target: T }> {
  const order: Array<{ round: number; target: T }> = [];
  for (let round = 0; round <= rounds; round++) {
    for (let i = 0; i < targets.length; i++) {
      order.push({ round, target: targets[(i + round) % targets.length] });
    }
  }
  return order;
}

/** The median (mean of the two middle values for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return NaN;
  const mid = Math.floor(finite.length / 2);
  return finite.length % 2 === 1 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
}

/** Nearest-rank percentile of raw samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

/** CPU ticks (utime + stime) a group of processes used during a round, by role. */
export type TicksByRole = Record<string, number>;

export interface RoundCpu {
  /** µs of CPU per answered request, by role (api, redis, postgres, …). */
  perRequestUs: Record<string, number>;
  /** Sum over the server roles (everything but the load generator and the bench itself). */
  serverPerRequestUs: number;
  /** Share of the machine's capacity (all cores × wall time) used by processes not ours. */
  foreignShare: number;
}

export interface RoundCpuInput {
  /** Ticks per role during the round (processes we know: servers, load generator, bench). */
  ticks: TicksByRole;
  /** Roles that are not the server side (excluded from the per-request server cost). */
  clientRoles: readonly string[];
  /** Busy ticks of the whole machine during the round (/proc/stat: all but idle and iowait). */
  machineBusyTicks: number;
  cores: number;
  wallSeconds: number;
  ticksPerSecond: number;
  requests: number;
}

export function roundCpu(input: RoundCpuInput): RoundCpu {
  const us = (ticks: number): number =>
    input.requests > 0 ? ((ticks / input.ticksPerSecond) * 1e6) / input.requests : NaN;
  const perRequestUs: Record<string, number> = {};
  let server = 0;
  let ours = 0;
  for (const [role, ticks] of Object.entries(input.ticks)) {
    perRequestUs[role] = us(ticks);
    ours += ticks;
    if (!input.clientRoles.includes(role)) server += ticks;
  }
  const capacity = input.cores * input.wallSeconds * input.ticksPerSecond;
  const foreign = Math.max(0, input.machineBusyTicks - ours);
  return {
    perRequestUs,
    serverPerRequestUs: us(server),
    foreignShare: capacity > 0 ? foreign / capacity : 0,
  };
}

/** Rounds where other people's processes used more than this share of the machine are flagged. */
export const FOREIGN_CPU_FLAG = 0.05;

export const isNoisy = (cpu: Pick<RoundCpu, 'foreignShare'>): boolean =>
  cpu.foreignShare > FOREIGN_CPU_FLAG;

/**
 * An open-loop schedule: request i is due at `startMs + i * 1000 / rate`. Returns how many more
 * requests are due by `nowMs`, given `sent` already sent and at most `total` in all. Latency is
 * then measured from each request's scheduled time, not from when it left, so a stalled server
 * cannot hide its stall by slowing the sender (no coordinated omission).
 */
export function dueNow(
  startMs: number,
  nowMs: number,
  ratePerSecond: number,
  sent: number,
  total: number,
): number {
  if (nowMs < startMs) return 0;
  const due = Math.min(total, Math.floor(((nowMs - startMs) * ratePerSecond) / 1000) + 1);
  return Math.max(0, due - sent);
}

/** When request `index` of an open-loop schedule was due. */
export const scheduledAt = (startMs: number, ratePerSecond: number, index: number): number =>
  startMs + (index * 1000) / ratePerSecond;
