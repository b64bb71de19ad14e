// The fault schedule of a seed: which fault, at which moment of the drive, on which target.
// Every kind appears at least once in every seed (so each seed exercises all of them), plus a
// few more drawn at random; all of it from the seed, printed on failure to replay exactly.
import { Prng } from './prng';

export const FAULT_KINDS = [
  'api-kill',
  'worker-kill',
  'redis-restart-with-data',
  'redis-restart-without-data',
  'pg-terminate',
  'pg-stall',
  'stripe-5xx',
  'stripe-timeout',
  'stripe-drop',
  'webhook-duplicate',
  'webhook-delay',
  'webhook-reorder',
  'clock-skew',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface ScheduledFault {
  /** Milliseconds after the drive starts. */
  atMs: number;
  kind: FaultKind;
  /** Which of the two API or worker processes, or how many requests/events are hit. */
  target: number;
  /** How long the fault lasts (a stall, a delay), in ms. */
  durationMs: number;
}

export function faultSchedule(seed: number, driveMs: number, extra = 4): ScheduledFault[] {
  const rng = new Prng(seed).fork('faults');
  const kinds: FaultKind[] = [...FAULT_KINDS];
  const extras = rng.int(0, extra);
  for (let i = 0; i < extras; i++) kinds.push(rng.pick(FAULT_KINDS));
  return kinds
    .map((kind) => ({
      atMs: rng.int(Math.round(driveMs * 0.05), Math.round(driveMs * 0.85)),
      kind,
      target: targetOf(kind, rng),
      durationMs: rng.int(500, 2500),
    }))
    .sort((a, b) => a.atMs - b.atMs);
}

/** Which process or how many requests/events a fault hits. */
function targetOf(kind: FaultKind, rng: Prng): number {
  if (kind === 'clock-skew') return rng.int(0, 3);
  return rng.int(0, 1) + (kind.startsWith('stripe') || kind.startsWith('webhook') ? 2 : 0);
}

/**
 * A clock-skew fault's process and offset: targets 0–1 are the API processes, 2–3 the workers;
 * the offset is 1–5 s (twice the drawn duration), behind when the duration is odd. Seconds, not
 * milliseconds, because that is what a host with a failed or stepped NTP shows, and it is
 * larger than the sweep interval and the checker's slack, so a rule judged by a process's own
 * clock instead of the database's shows up as a violation.
 */
export function clockSkewOf(fault: ScheduledFault): {
  role: 'api' | 'worker';
  index: number;
  offsetMs: number;
} {
  return {
    role: fault.target < 2 ? 'api' : 'worker',
    index: fault.target % 2,
    offsetMs: fault.durationMs * 2 * (fault.durationMs % 2 ? -1 : 1),
  };
}

export function describeSchedule(schedule: readonly ScheduledFault[]): string {
  return schedule
    .map((f) => `  +${(f.atMs / 1000).toFixed(2)}s ${f.kind} target=${f.target} ${f.durationMs}ms`)
    .join('\n');
}

/**
 * The schedule without the kinds named in `without` (comma-separated, `CHAOS_WITHOUT`), every
 * other fault at its own moment and target: replaying a seed without one kind tells whether
 * that kind was needed for what the seed found.
 */
export function withoutKinds(
  schedule: readonly ScheduledFault[],
  without: string | undefined,
): ScheduledFault[] {
  const left = (without ?? '')
    .split(',')
    .map((kind) => kind.trim())
    .filter(Boolean);
  const unknown = left.filter((kind) => !(FAULT_KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0)
    throw new Error(`CHAOS_WITHOUT names no fault kind: ${unknown.join(', ')}`);
  return schedule.filter((fault) => !left.includes(fault.kind));
}
