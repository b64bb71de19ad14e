import { slowerText, stallText, summariseWindows, type WindowFigures } from './open-loop-summary';

const spins = (...us: number[]) => us.map((u, i) => ({ cpu: 0, second: i, us: u }));

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
  serverCpuSpins: spins(20, 20, 20),
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
      window(20, { serverPerRequestUs: 80, serverCpuSpins: spins(22, 22, 30), loadCpuBusy: 0.97 }),
    ];
    // 99 answers at 1 ms and one at 500 ms: the 99th percentile is 1 ms, the 100th 500 ms.
    const latencies = [...Array.from({ length: 99 }, () => 1), 500];
    const summary = summariseWindows(windows, latencies, 20);
    expect(summary).toMatchObject({
      windows: 3,
      answered: 290,
      scheduled: 300,
      p50: 2,
      p99: 20,
      p99s: [10, 300, 20],
      pooledP99: 1,
      max: 600,
      serverPerRequestUs: 100,
      worstSendLagP99Ms: 7,
      serverCpuStalls: { count: 2, worstMs: 40 },
      loadCpuStalls: { count: 1, worstMs: 9 },
    });
    // Medians 20, 20, 22 → 20: not slower; the slowest second, 30 µs, is 50 % slower.
    expect(summary.serverCpuSlower).toBe(0);
    expect(summary.serverCpuSlowestSecond).toBeCloseTo(0.5);
    expect(summary).toMatchObject({ serverCpuBusy: 0.8, loadCpuBusy: 0.5, worstLoadCpuBusy: 0.97 });
    expect(summariseWindows(windows, [...latencies, 500], 20).pooledP99).toBe(500);
  });

  it('says when the probes saw no stall', () => {
    expect(stallText({ count: 0, worstMs: 0 })).toBe('0');
    expect(stallText({ count: 2, worstMs: 40.4 })).toBe('2 (worst 40 ms)');
  });

  it('writes a speed as slower (+) or faster (−) than usual', () => {
    expect(slowerText(0.123)).toBe('+12 %');
    expect(slowerText(-0.03)).toBe('−3 %');
    expect(slowerText(NaN)).toBe('–');
  });
});
