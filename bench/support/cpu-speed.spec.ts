import {
  fastestOf,
  isSlow,
  slowerText,
  slowerThan,
  slowestOf,
  speedOf,
  speedSlowerText,
} from './cpu-speed';

const usual = { spinUs: 20, wideSpinUs: 15, smallChaseNs: 100, largeChaseNs: 300 };

describe('CPU speed from the stall probes', () => {
  it("takes each loop's median over seconds, its slowest and its fastest", () => {
    const seconds = [
      { spinUs: 20, wideSpinUs: 16, smallChaseNs: 100, largeChaseNs: 900 },
      { spinUs: 30, wideSpinUs: 14, smallChaseNs: 120, largeChaseNs: 300 },
      { spinUs: 10, wideSpinUs: 40, smallChaseNs: 400, largeChaseNs: 310 },
    ];
    expect(speedOf(seconds)).toEqual({
      spinUs: 20,
      wideSpinUs: 16,
      smallChaseNs: 120,
      largeChaseNs: 310,
    });
    expect(slowestOf(seconds)).toEqual({
      spinUs: 30,
      wideSpinUs: 40,
      smallChaseNs: 400,
      largeChaseNs: 900,
    });
    expect(fastestOf(seconds)).toEqual({
      spinUs: 10,
      wideSpinUs: 14,
      smallChaseNs: 100,
      largeChaseNs: 300,
    });
  });

  it('says how much slower each loop ran than usual', () => {
    const slower = slowerThan(
      { spinUs: 22, wideSpinUs: 18, smallChaseNs: 150, largeChaseNs: 270 },
      usual,
    );
    expect(slower.spinUs).toBeCloseTo(0.1);
    expect(slower.wideSpinUs).toBeCloseTo(0.2);
    expect(slower.smallChaseNs).toBeCloseTo(0.5);
    expect(slower.largeChaseNs).toBeCloseTo(-0.1);
    expect(speedSlowerText(slower)).toBe('+10 % / +20 % / +50 % / −10 %');
  });

  it('flags slow when the wide loop or either chase is a quarter slower, never for the one chain', () => {
    expect(isSlow({ ...usual, wideSpinUs: 18.75 }, usual)).toBe(true);
    expect(isSlow({ ...usual, smallChaseNs: 125 }, usual)).toBe(true);
    expect(isSlow({ ...usual, largeChaseNs: 375 }, usual)).toBe(true);
    expect(
      isSlow({ ...usual, wideSpinUs: 18.7, smallChaseNs: 124, largeChaseNs: 374 }, usual),
    ).toBe(false);
    expect(isSlow({ ...usual, spinUs: 40 }, usual)).toBe(false);
  });

  it('writes a share as slower (+) or faster (−), and "–" without one', () => {
    expect(slowerText(0.123)).toBe('+12 %');
    expect(slowerText(-0.03)).toBe('−3 %');
    expect(slowerText(NaN)).toBe('–');
  });
});
