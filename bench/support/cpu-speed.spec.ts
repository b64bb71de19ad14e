import {
  fastestOf,
  hasSlowStretch,
  isSlow,
  ranSlow,
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

  describe('a slow stretch', () => {
    /** One CPU's seconds from `first` on; `slow` lists the seconds whose wide loop ran 30 % slow. */
    const seconds = (cpu: number, count: number, slow: number[], first = 100) =>
      Array.from({ length: count }, (_, i) => ({
        ...usual,
        cpu,
        second: first + i,
        wideSpinUs: slow.includes(first + i) ? usual.wideSpinUs * 1.3 : usual.wideSpinUs,
      }));

    it('is two slow seconds in a row, where the median second may be fast', () => {
      const endSlow = seconds(0, 17, [115, 116]);
      expect(isSlow(speedOf(endSlow), usual)).toBe(false);
      expect(hasSlowStretch(endSlow, usual)).toBe(true);
      expect(ranSlow(endSlow, usual)).toBe(true);
    });

    it('is not one slow second, nor slow seconds apart', () => {
      expect(hasSlowStretch(seconds(0, 17, [105]), usual)).toBe(false);
      expect(hasSlowStretch(seconds(0, 17, [103, 105, 107, 109]), usual)).toBe(false);
      expect(ranSlow(seconds(0, 17, [103, 105, 107, 109]), usual)).toBe(false);
    });

    it('needs the seconds consecutive on one CPU: a missing second or another CPU breaks it', () => {
      const gap = seconds(0, 17, [104, 106]).filter((s) => s.second !== 105);
      const gapFilled = [...gap, { ...usual, cpu: 0, second: 105, wideSpinUs: 19.5 }];
      expect(hasSlowStretch(gap, usual)).toBe(false);
      expect(hasSlowStretch(gapFilled, usual)).toBe(true);
      const twoCpus = [...seconds(0, 5, [102]), ...seconds(1, 5, [103])];
      expect(hasSlowStretch(twoCpus, usual)).toBe(false);
      // Out of order as they arrive from two probes: still found on CPU 1.
      const shuffled = [...seconds(1, 5, [102, 103]), ...seconds(0, 5, [])].reverse();
      expect(hasSlowStretch(shuffled, usual)).toBe(true);
    });

    it('is slow by the median alone too, and never without seconds', () => {
      expect(ranSlow(seconds(0, 5, [100, 102, 104]), usual)).toBe(true);
      expect(ranSlow([], usual)).toBe(false);
    });
  });

  it('writes a share as slower (+) or faster (−), and "–" without one', () => {
    expect(slowerText(0.123)).toBe('+12 %');
    expect(slowerText(-0.03)).toBe('−3 %');
    expect(slowerText(NaN)).toBe('–');
  });
});
