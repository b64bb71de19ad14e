import {
  fastestOf,
  isMemorySlow,
  slowerText,
  slowerThan,
  slowestOf,
  speedOf,
  speedSlowerText,
} from './cpu-speed';

const usual = { spinUs: 20, smallChaseNs: 100, largeChaseNs: 300 };

describe('CPU speed from the stall probes', () => {
  it("takes each loop's median over seconds, its slowest and its fastest", () => {
    const seconds = [
      { spinUs: 20, smallChaseNs: 100, largeChaseNs: 900 },
      { spinUs: 30, smallChaseNs: 120, largeChaseNs: 300 },
      { spinUs: 10, smallChaseNs: 400, largeChaseNs: 310 },
    ];
    expect(speedOf(seconds)).toEqual({ spinUs: 20, smallChaseNs: 120, largeChaseNs: 310 });
    expect(slowestOf(seconds)).toEqual({ spinUs: 30, smallChaseNs: 400, largeChaseNs: 900 });
    expect(fastestOf(seconds)).toEqual({ spinUs: 10, smallChaseNs: 100, largeChaseNs: 300 });
  });

  it('says how much slower each loop ran than usual', () => {
    const slower = slowerThan({ spinUs: 22, smallChaseNs: 150, largeChaseNs: 270 }, usual);
    expect(slower.spinUs).toBeCloseTo(0.1);
    expect(slower.smallChaseNs).toBeCloseTo(0.5);
    expect(slower.largeChaseNs).toBeCloseTo(-0.1);
    expect(speedSlowerText(slower)).toBe('+10 % / +50 % / −10 %');
  });

  it('flags memory slow when either chase is a quarter slower, never for the loop alone', () => {
    expect(isMemorySlow({ ...usual, smallChaseNs: 125 }, usual)).toBe(true);
    expect(isMemorySlow({ ...usual, largeChaseNs: 375 }, usual)).toBe(true);
    expect(isMemorySlow({ ...usual, smallChaseNs: 124, largeChaseNs: 374 }, usual)).toBe(false);
    expect(isMemorySlow({ ...usual, spinUs: 40 }, usual)).toBe(false);
  });

  it('writes a share as slower (+) or faster (−), and "–" without one', () => {
    expect(slowerText(0.123)).toBe('+12 %');
    expect(slowerText(-0.03)).toBe('−3 %');
    expect(slowerText(NaN)).toBe('–');
  });
});
