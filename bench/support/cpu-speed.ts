// How fast a CPU ran, from bench/stall-probe.ts's timed loops: register arithmetic in one chain
// and in eight side by side, a pointer chase whose pages fit the TLB and one whose pages do not.
// Pure, so it is unit-tested (cpu-speed.spec.ts).
import { median } from './rounds';

/** A CPU's speed: each timed loop's median (more is slower). */
export interface Speed {
  /** µs of one chain of dependent arithmetic. */
  spinUs: number;
  /** µs of eight chains side by side (what a sibling hyperthread would slow). */
  wideSpinUs: number;
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
 * How much slower than `baseline` a round must be, in either chase or in the wide loop, to be
 * flagged "slow". They move ±10 % from second to second on a quiet machine; the slow rounds of
 * the twelfth session ran at 0.6× speed.
 */
export const SLOW_SHARE = 0.25;

const MEASURES = ['spinUs', 'wideSpinUs', 'smallChaseNs', 'largeChaseNs'] as const;

/** Each measure of `speeds` combined by `combine`. */
const each = (speeds: readonly Speed[], combine: (values: number[]) => number): Speed => {
  const [spinUs, wideSpinUs, smallChaseNs, largeChaseNs] = MEASURES.map((m) =>
    combine(speeds.map((s) => s[m])),
  );
  return { spinUs, wideSpinUs, smallChaseNs, largeChaseNs };
};

export const speedOf = (seconds: readonly Speed[]): Speed => each(seconds, median);

/** The slowest value of each measure (its seconds need not be the same one). */
export const slowestOf = (speeds: readonly Speed[]): Speed =>
  each(speeds, (values) => Math.max(...values));

/** The fastest value of each measure: a target's usual speed, when slow rounds may be most. */
export const fastestOf = (speeds: readonly Speed[]): Speed =>
  each(speeds, (values) => Math.min(...values));

/** Each measure's share slower than `baseline` (0.1: 10 % slower; negative: faster). */
export const slowerThan = (speed: Speed, baseline: Speed): Speed => ({
  spinUs: speed.spinUs / baseline.spinUs - 1,
  wideSpinUs: speed.wideSpinUs / baseline.wideSpinUs - 1,
  smallChaseNs: speed.smallChaseNs / baseline.smallChaseNs - 1,
  largeChaseNs: speed.largeChaseNs / baseline.largeChaseNs - 1,
});

/**
 * The wide loop or either chase at least `SLOW_SHARE` slower than the baseline. Not the one chain
 * alone: it kept its time through the slow rounds it was meant to catch.
 */
export const isSlow = (speed: Speed, baseline: Speed): boolean => {
  const slower = slowerThan(speed, baseline);
  return (
    slower.wideSpinUs >= SLOW_SHARE ||
    slower.smallChaseNs >= SLOW_SHARE ||
    slower.largeChaseNs >= SLOW_SHARE
  );
};

/**
 * Seconds in a row, each slow by `isSlow`, that make a window or a capacity probe slow even when
 * its median second is not. In the 04:51 run of 6 December the slow mode came for the last 5 s of
 * two declines windows at 80 % (of 17, warm-up included): the server fell behind and the windows
 * had 928.5 and 2,260.3 ms while their median seconds stayed fast. Two, not one: a single second
 * moves ±10 % and more on a quiet machine. (The 957.5-ms window of the 04:17 run had its last
 * seconds at +28 % and +23 %: one slow second, so it stays unmarked.)
 */
export const SLOW_STRETCH_SECONDS = 2;

/** Whether one CPU's probe has `SLOW_STRETCH_SECONDS` consecutive seconds that ran slow. */
export function hasSlowStretch(seconds: readonly SpeedSecond[], baseline: Speed): boolean {
  const cpus = new Set(seconds.map((s) => s.cpu));
  for (const cpu of cpus) {
    const own = seconds.filter((s) => s.cpu === cpu).sort((a, b) => a.second - b.second);
    let inARow = 0;
    for (let i = 0; i < own.length; i++) {
      const follows = i > 0 && own[i].second === own[i - 1].second + 1;
      inARow = isSlow(own[i], baseline) ? (follows ? inARow + 1 : 1) : 0;
      if (inARow >= SLOW_STRETCH_SECONDS) return true;
    }
  }
  return false;
}

/**
 * An open-loop run (a window or a capacity probe, with its warm-up) that ran slow: its median
 * second by `isSlow`, or a slow stretch anywhere in it.
 */
export const ranSlow = (seconds: readonly SpeedSecond[], baseline: Speed): boolean =>
  isSlow(speedOf(seconds), baseline) || hasSlowStretch(seconds, baseline);

/** "+12 %" (slower) or "−3 %" (faster); "–" without a figure. */
export const slowerText = (share: number): string =>
  Number.isFinite(share) ? `${share >= 0 ? '+' : '−'}${Math.abs(share * 100).toFixed(0)} %` : '–';

/** "+2 % / +5 % / +31 % / +40 %": the loop, the wide loop, the small chase, the large chase. */
export const speedSlowerText = (slower: Speed): string =>
  MEASURES.map((m) => slowerText(slower[m])).join(' / ');
