// The figures of several chaos runners added up as docs/chaos.md records them: sums, the fewest
// injections of any kind, the crowd's answers by status and the load average from the seeds'
// notes, and the seeds as ranges.
import { describe, expect, it } from '@jest/globals';
import { runFigures, seedRanges } from '../test/chaos/figures';
import type { SeedResult } from '../test/chaos/run-seed';

const seed = (n: number, overrides: Partial<SeedResult>): SeedResult =>
  ({
    seed: n,
    fans: 1000,
    schedule: [],
    injected: {},
    checks: 0,
    samples: 0,
    violations: [],
    crowd: {},
    notes: [],
    seconds: 100,
    ...overrides,
  }) as SeedResult;

describe('chaos run figures', () => {
  it('adds up seeds, faults by kind, answers by status and the load seen', () => {
    const figures = runFigures([
      seed(4001, {
        injected: { 'api-kill': 2, 'clock-skew': 1 },
        checks: 10,
        seconds: 90,
        notes: [
          'http {"requests":5,"byStatus":{"201":3,"503":2}}',
          "load average 1.8 at the drive's start, 3.6 at its end, 3.8 at the check",
        ],
      }),
      seed(4002, {
        injected: { 'api-kill': 1 },
        checks: 5,
        seconds: 130,
        violations: ['1 unsent notifications'],
        notes: ['http {"requests":2,"byStatus":{"201":1,"500":1}}'],
      }),
      seed(4005, { seconds: 110 }),
    ]);
    expect(figures).toMatchObject({
      seeds: 3,
      fans: 3000,
      faults: 4,
      invariantChecks: 15,
      violations: 1,
      failingSeeds: [4002],
      seedRanges: '4001–4002, 4005',
      fewestOfAKind: 0,
      secondsPerSeed: { min: 90, median: 110, max: 130 },
      answersByStatus: { '201': 4, '503': 2, '500': 1 },
      loadAverage: { min: 1.8, max: 3.8 },
    });
    expect(figures.faultsByKind['api-kill']).toBe(3);
  });

  it('writes single seeds and runs of seeds', () => {
    expect(seedRanges([3, 1, 2, 7, 9, 10, 2])).toBe('1–3, 7, 9–10');
    expect(seedRanges([])).toBe('');
  });
});
