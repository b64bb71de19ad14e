import { dueNow, interleave, isNoisy, median, percentile, roundCpu, scheduledAt } from './rounds';

describe('interleave', () => {
  it('runs a warm-up round and then every target once per round, rotating the order', () => {
    const order = interleave(['a', 'b', 'c'], 2);
    expect(order.map((o) => `${o.round}${o.target}`)).toEqual([
      '0a',
      '0b',
      '0c',
      '1b',
      '1c',
      '1a',
      '2c',
      '2a',
      '2b',
    ]);
  });
});

describe('median and percentile', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(median([NaN, 7])).toBe(7);
  });

  it('uses nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([42], 99)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('roundCpu', () => {
  const base = {
    clientRoles: ['load'],
    cores: 2,
    wallSeconds: 10,
    ticksPerSecond: 100,
    requests: 10_000,
  };

  it('turns tick deltas into µs per request and leaves the load generator out of the server cost', () => {
    const cpu = roundCpu({
      ...base,
      ticks: { api: 600, redis: 100, load: 500 },
      machineBusyTicks: 1200,
    });
    expect(cpu.perRequestUs.api).toBeCloseTo(600);
    expect(cpu.perRequestUs.redis).toBeCloseTo(100);
    expect(cpu.serverPerRequestUs).toBeCloseTo(700);
    expect(cpu.foreignShare).toBe(0);
    expect(isNoisy(cpu)).toBe(false);
  });

  it('flags a round where other processes used more than 5 % of the machine', () => {
    const quiet = roundCpu({ ...base, ticks: { api: 600, load: 500 }, machineBusyTicks: 1190 });
    const noisy = roundCpu({ ...base, ticks: { api: 600, load: 500 }, machineBusyTicks: 1300 });
    expect(quiet.foreignShare).toBeCloseTo(0.045);
    expect(isNoisy(quiet)).toBe(false);
    expect(noisy.foreignShare).toBeCloseTo(0.1);
    expect(isNoisy(noisy)).toBe(true);
  });

  it('reports NaN per request when nothing was answered', () => {
    const cpu = roundCpu({ ...base, requests: 0, ticks: { api: 10 }, machineBusyTicks: 10 });
    expect(cpu.serverPerRequestUs).toBeNaN();
  });
});

describe('open-loop schedule', () => {
  it('makes request i due at start + i / rate, capped at the total', () => {
    expect(dueNow(1000, 999, 100, 0, 50)).toBe(0);
    expect(dueNow(1000, 1000, 100, 0, 50)).toBe(1);
    expect(dueNow(1000, 1095, 100, 0, 50)).toBe(10);
    expect(dueNow(1000, 1095, 100, 8, 50)).toBe(2);
    expect(dueNow(1000, 9000, 100, 20, 50)).toBe(30);
    expect(dueNow(1000, 9000, 100, 50, 50)).toBe(0);
  });

  it('measures latency from the scheduled time', () => {
    expect(scheduledAt(1000, 200, 0)).toBe(1000);
    expect(scheduledAt(1000, 200, 3)).toBe(1015);
  });
});
