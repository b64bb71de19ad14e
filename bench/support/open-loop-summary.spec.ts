import { FOREIGN_BURST_MS } from './foreign-cpu';
import { stallText, summariseWindows, type WindowFigures } from './open-loop-summary';

/** Seconds whose loop took `us`, the wide one 15 µs, the chases 100 and 300 ns, unless `chases` says. */
const speeds = (us: number[], chases: Array<[number, number]> = []) =>
  us.map((spinUs, i) => ({
    cpu: 0,
    second: i,
    spinUs,
    wideSpinUs: 15,
    smallChaseNs: chases[i]?.[0] ?? 100,
    largeChaseNs: chases[i]?.[1] ?? 300,
  }));
const baseline = { spinUs: 20, wideSpinUs: 15, smallChaseNs: 100, largeChaseNs: 300 };

const window = (p99: number, overrides: Partial<WindowFigures> = {}): WindowFigures => ({
  rate: 1000,
  answered: 100,
  scheduled: 100,
  p50: p99 / 10,
  p99,
  max: p99 * 2,
  serverPerRequestUs: 100,
  sendLagP99Ms: 1,
  worstSendLagMs: 5,
  serverCpuStalls: [],
  loadCpuStalls: [],
  serverCpuSpeed: speeds([20, 20, 20]),
  foreignSeconds: [],
  serverCpuBusy: 0.8,
  loadCpuBusy: 0.5,
  ...overrides,
});

describe('summariseWindows', () => {
  it('gives medians over the windows, the worst of the worst, and the p99 of every answer', () => {
    const windows = [
      window(10, { serverCpuStalls: [{ cpu: 0, at: 1, lateMs: 12 }] }),
      window(300, {
        answered: 90,
        sendLagP99Ms: 7,
        serverCpuStalls: [{ cpu: 0, at: 2, lateMs: 40 }],
        loadCpuStalls: [{ cpu: 1, at: 2, lateMs: 9 }],
      }),
      window(20, {
        serverPerRequestUs: 80,
        serverCpuSpeed: speeds(
          [22, 22, 30],
          [
            [150, 600],
            [150, 600],
            [100, 300],
          ],
        ),
        loadCpuBusy: 0.97,
      }),
    ];
    // 99 answers at 1 ms and one at 500 ms: the 99th percentile is 1 ms, the 100th 500 ms.
    const latencies = [...Array.from({ length: 99 }, () => 1), 500];
    const summary = summariseWindows(windows, latencies, baseline);
    expect(summary).toMatchObject({
      windows: 3,
      answered: 290,
      scheduled: 300,
      p50: 2,
      p99: 20,
      p99s: [10, 300, 20],
      slowWindows: [false, false, true],
      // The third window's small chase ran at 150 ns against 100: slow, so the others' median.
      p99NotSlow: 155,
      pooledP99: 1,
      max: 600,
      serverPerRequestUs: 100,
      worstSendLagP99Ms: 7,
      serverCpuStalls: { count: 2, worstMs: 40 },
      loadCpuStalls: { count: 1, worstMs: 9 },
    });
    // Loop medians 20, 20, 22 → 20: not slower; the slowest second, 30 µs, is 50 % slower. The
    // chases' medians 100, 100, 150 and 300, 300, 600: not slower; slowest seconds 1.5× and 2×.
    expect(summary.serverCpuSlower).toEqual({
      spinUs: 0,
      wideSpinUs: 0,
      smallChaseNs: 0,
      largeChaseNs: 0,
    });
    expect(summary.serverCpuSlowestSecond.spinUs).toBeCloseTo(0.5);
    expect(summary.serverCpuSlowestSecond.smallChaseNs).toBeCloseTo(0.5);
    expect(summary.serverCpuSlowestSecond.largeChaseNs).toBeCloseTo(1);
    expect(summary).toMatchObject({ serverCpuBusy: 0.8, loadCpuBusy: 0.5, worstLoadCpuBusy: 0.97 });
    expect(summariseWindows(windows, [...latencies, 500], baseline).pooledP99).toBe(500);
  });

  it('marks a window slow for two slow seconds in a row, though its median second is fast', () => {
    const lateSlowMode = speeds([20, 20, 20, 20, 20]).map((s, i) =>
      i >= 3 ? { ...s, wideSpinUs: 20 } : s,
    );
    const oneSlowSecond = speeds([20, 20, 20, 20, 20]).map((s, i) =>
      i === 2 ? { ...s, wideSpinUs: 20 } : s,
    );
    const summary = summariseWindows(
      [
        window(900, { serverCpuSpeed: lateSlowMode }),
        window(30, { serverCpuSpeed: oneSlowSecond }),
        window(40),
      ],
      [1],
      baseline,
    );
    expect(summary.slowWindows).toEqual([true, false, false]);
    expect(summary.p99NotSlow).toBe(35);
    // The median second of the first window is fast: the column of medians shows no slowdown.
    expect(summary.serverCpuSlower.wideSpinUs).toBe(0);
  });

  it('marks a window with a second of foreign CPU, apart from the slow ones', () => {
    const second = { fromMs: 0, toMs: 1000, asideMs: 0, top: [] };
    const summary = summariseWindows(
      [
        window(120, {
          foreignSeconds: [
            { ...second, foreignMs: 10 },
            { ...second, foreignMs: 310 },
          ],
        }),
        window(900, {
          serverCpuSpeed: speeds(
            [20, 20, 20],
            [
              [200, 300],
              [200, 300],
            ],
          ),
        }),
        window(30, { foreignSeconds: [{ ...second, foreignMs: 40 }] }),
        window(40),
      ],
      [1],
      baseline,
    );
    expect(summary.foreignWindows).toEqual([true, false, false, false]);
    expect(summary.slowWindows).toEqual([false, true, false, false]);
    expect(summary.p99NotSlow).toBe(40);
    expect(summary.p99Clean).toBe(35);
    expect(
      summariseWindows(
        [window(120, { foreignSeconds: [{ ...second, foreignMs: FOREIGN_BURST_MS }] })],
        [1],
        baseline,
      ).p99Clean,
    ).toBeNaN();
  });

  it('says when the probes saw no stall', () => {
    expect(stallText({ count: 0, worstMs: 0 })).toBe('0');
    expect(stallText({ count: 2, worstMs: 40.4 })).toBe('2 (worst 40 ms)');
  });
});
