// How fast a CPU ran, from bench/stall-probe.ts's timed loops: register arithmetic, a pointer
// chase whose pages fit the TLB and one whose pages do not. Pure, so it is unit-tested
// (cpu-speed.spec.ts).
import { median } from './rounds';

/** A CPU's speed: each timed loop's median (more is slower). */
export interface Speed {
  spinUs: number;
  /** ns per step of the 256-KB chase (a trip to memory). */
  smallChaseNs: number;
  /** ns per step of the 128-MB chase (a trip to memory and, mostly, a page walk). */
  largeChaseNs: number;
}

/** One second of one probe. */
export interface SpeedSecond extends Speed {
  cpu: number;
  /** Epoch second. */
  second: number;
}

/**
 * How much slower than `baseline` a round or window must be, in either chase, to be flagged
 * "memory slow". The chases move ±10 % from second to second on a quiet machine; the slow
 * rounds of the twelfth session ran at 0.6× speed.
 */
export const MEMORY_SLOW_SHARE = 0.25;

export const speedOf = (seconds: readonly Speed[]): Speed => ({
  spinUs: median(seconds.map((s) => s.spinUs)),
  smallChaseNs: median(seconds.map((s) => s.smallChaseNs)),
  largeChaseNs: median(seconds.map((s) => s.largeChaseNs)),
});

/** Each measure's share slower than `baseline` (0.1: 10 % slower; negative: faster). */
export const slowerThan = (speed: Speed, baseline: Speed): Speed => ({
  spinUs: speed.spinUs / baseline.spinUs - 1,
  smallChaseNs: speed.smallChaseNs / baseline.smallChaseNs - 1,
  largeChaseNs: speed.largeChaseNs / baseline.largeChaseNs - 1,
});

/** The slowest value of each measure (its seconds need not be the same one). */
export const slowestOf = (speeds: readonly Speed[]): Speed => ({
  spinUs: Math.max(...speeds.map((s) => s.spinUs)),
  smallChaseNs: Math.max(...speeds.map((s) => s.smallChaseNs)),
  largeChaseNs: Math.max(...speeds.map((s) => s.largeChaseNs)),
});

/** The fastest value of each measure: a target's usual speed, when slow rounds may be most. */
export const fastestOf = (speeds: readonly Speed[]): Speed => ({
  spinUs: Math.min(...speeds.map((s) => s.spinUs)),
  smallChaseNs: Math.min(...speeds.map((s) => s.smallChaseNs)),
  largeChaseNs: Math.min(...speeds.map((s) => s.largeChaseNs)),
});

/** Either chase at least `MEMORY_SLOW_SHARE` slower than the baseline. */
export const isMemorySlow = (speed: Speed, baseline: Speed): boolean => {
  const slower = slowerThan(speed, baseline);
  return slower.smallChaseNs >= MEMORY_SLOW_SHARE || slower.largeChaseNs >= MEMORY_SLOW_SHARE;
};

/** "+12 %" (slower) or "−3 %" (faster); "–" without a figure. */
export const slowerText = (share: number): string =>
  Number.isFinite(share) ? `${share >= 0 ? '+' : '−'}${Math.abs(share * 100).toFixed(0)} %` : '–';

/** "+2 % / +31 % / +40 %": the loop, the small chase, the large chase. */
export const speedSlowerText = (slower: Speed): string =>
  [slower.spinUs, slower.smallChaseNs, slower.largeChaseNs].map(slowerText).join(' / ');
