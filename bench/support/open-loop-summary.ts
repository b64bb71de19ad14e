// The open loop's windows of one target at one rate, summed up. Pure (the traces are read by
// the caller), so it is unit-tested (open-loop-summary.spec.ts).
import { ranSlow, slowerThan, slowestOf, type Speed, type SpeedSecond, speedOf } from './cpu-speed';
import { type ForeignSecond, foreignBursts } from './foreign-cpu';
import { median, percentile } from './rounds';
import type { Stall } from './stall-probes';

/** What the summary needs of one window: its latencies' figures and the stalls beside it. */
export interface WindowFigures {
  rate: number;
  answered: number;
  scheduled: number;
  p50: number;
  p99: number;
  max: number;
  serverPerRequestUs: number;
  sendLagP99Ms: number;
  worstSendLagMs: number;
  /** Stalls of the servers' CPUs and of the generator's during the window. */
  serverCpuStalls: Stall[];
  loadCpuStalls: Stall[];
  /** The servers' CPUs' speed, second by second (stall-probe.ts's timed loops). */
  serverCpuSpeed: SpeedSecond[];
  /** Other people's CPU, second by second (foreign-cpu.ts). */
  foreignSeconds: ForeignSecond[];
  /** The share of the window the servers' CPUs and the generator's were busy (0–1). */
  serverCpuBusy: number;
  loadCpuBusy: number;
}

export interface WindowsSummary {
  windows: number;
  answered: number;
  scheduled: number;
  /** Medians over the windows (each window's own percentile). */
  p50: number;
  p99: number;
  /** Every window's p99, in the order they ran. */
  p99s: number[];
  /**
   * Whether each window ran slow (`ranSlow`: its wide loop or a chase ≥ 25 % over `baseline`, in
   * its median second or for 2 seconds in a row, warm-up included).
   */
  slowWindows: boolean[];
  /** The median p99 of the windows that did not run slow (NaN if all did). */
  p99NotSlow: number;
  /**
   * Whether each window had a second of foreign CPU ≥ `FOREIGN_BURST_MS`, or of set-aside CPU ≥
   * `ASIDE_BURST_MS`, warm-up included (`foreignBursts`).
   */
  foreignWindows: boolean[];
  /** The median p99 of the windows neither slow nor with a foreign burst (NaN if none). */
  p99Clean: number;
  /** The p99 of every answer of every window together (from their latencies). */
  pooledP99: number;
  max: number;
  serverPerRequestUs: number;
  worstSendLagP99Ms: number;
  worstSendLagMs: number;
  serverCpuStalls: StallCount;
  loadCpuStalls: StallCount;
  /**
   * How much slower the servers' CPUs were than `baseline` (0.1: 10 % slower), each timed loop:
   * the median of the windows' medians, and the slowest second of any window.
   */
  serverCpuSlower: Speed;
  serverCpuSlowestSecond: Speed;
  /** Medians over the windows, and the generator's CPU's busiest window. */
  serverCpuBusy: number;
  loadCpuBusy: number;
  worstLoadCpuBusy: number;
}

export interface StallCount {
  count: number;
  worstMs: number;
}

export const countStalls = (stalls: readonly Stall[]): StallCount => ({
  count: stalls.length,
  worstMs: stalls.reduce((worst, s) => Math.max(worst, s.lateMs), 0),
});

/**
 * `latencies`: every measured answer's latency of all the windows (ms); `baseline`: the servers'
 * CPUs' usual speed (the target's fastest closed-loop round).
 */
export function summariseWindows(
  windows: readonly WindowFigures[],
  latencies: readonly number[],
  baseline: Speed,
): WindowsSummary {
  const slow = windows.map((w) => ranSlow(w.serverCpuSpeed, baseline));
  const foreign = windows.map((w) => foreignBursts(w.foreignSeconds).length > 0);
  const m = (pick: (w: WindowFigures) => number): number => median(windows.map(pick));
  const worst = (pick: (w: WindowFigures) => number): number =>
    windows.reduce((most, w) => Math.max(most, pick(w)), 0);
  return {
    windows: windows.length,
    answered: windows.reduce((n, w) => n + w.answered, 0),
    scheduled: windows.reduce((n, w) => n + w.scheduled, 0),
    p50: m((w) => w.p50),
    p99: m((w) => w.p99),
    p99s: windows.map((w) => w.p99),
    slowWindows: slow,
    p99NotSlow: median(windows.filter((_, i) => !slow[i]).map((w) => w.p99)),
    foreignWindows: foreign,
    p99Clean: median(windows.filter((_, i) => !slow[i] && !foreign[i]).map((w) => w.p99)),
    pooledP99: percentile(latencies, 99),
    max: worst((w) => w.max),
    serverPerRequestUs: m((w) => w.serverPerRequestUs),
    worstSendLagP99Ms: worst((w) => w.sendLagP99Ms),
    worstSendLagMs: worst((w) => w.worstSendLagMs),
    serverCpuStalls: countStalls(windows.flatMap((w) => w.serverCpuStalls)),
    loadCpuStalls: countStalls(windows.flatMap((w) => w.loadCpuStalls)),
    serverCpuSlower: slowerThan(speedOf(windows.map((w) => speedOf(w.serverCpuSpeed))), baseline),
    serverCpuSlowestSecond: slowerThan(
      slowestOf(windows.flatMap((w) => w.serverCpuSpeed)),
      baseline,
    ),
    serverCpuBusy: m((w) => w.serverCpuBusy),
    loadCpuBusy: m((w) => w.loadCpuBusy),
    worstLoadCpuBusy: worst((w) => w.loadCpuBusy),
  };
}

/** "3 (worst 24 ms)", or "0". */
export const stallText = (s: StallCount): string =>
  s.count === 0 ? '0' : `${s.count} (worst ${s.worstMs.toFixed(0)} ms)`;
