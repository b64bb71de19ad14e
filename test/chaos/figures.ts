import type { SeedResult } from './run-seed';
import { FAULT_KINDS } from './schedule';

/** What a set of seeds adds up to: the figures docs/chaos.md records for a run. */
export function seedFigures(results: SeedResult[]) {
  const byKind = Object.fromEntries(
    FAULT_KINDS.map((k) => [k, results.reduce((n, r) => n + (r.injected[k] ?? 0), 0)]),
  );
  return {
    seeds: results.length,
    fans: results.reduce((n, r) => n + r.fans, 0),
    faults: Object.values(byKind).reduce((a, b) => a + b, 0),
    faultsByKind: byKind,
    invariantChecks: results.reduce((n, r) => n + r.checks, 0),
    samples: results.reduce((n, r) => n + r.samples, 0),
    violations: results.reduce((n, r) => n + r.violations.length, 0),
    failingSeeds: results.filter((r) => r.violations.length > 0).map((r) => r.seed),
    seedSeconds: results.reduce((n, r) => n + r.seconds, 0),
  };
}

/** A seed's notes as `run-seed.ts` writes them: `http {…}` and `load average a …, b …, c …`. */
const HTTP_NOTE = /^http (\{.*\})$/;
const LOAD_NOTE = /^load average ([\d.]+) at the drive's start, ([\d.]+) at its end, ([\d.]+)/;

/**
 * The figures of several runners' JSON files together (`npm run chaos:figures -- a.json b.json`):
 * the sums above, plus what the records also give, the fewest injections of any kind, seconds a
 * seed (min, median, max), the crowd's answers by HTTP status and the load average seen.
 */
export function runFigures(results: SeedResult[]) {
  const seconds = results.map((r) => r.seconds).sort((a, b) => a - b);
  const answersByStatus: Record<string, number> = {};
  const loads: number[] = [];
  for (const note of results.flatMap((r) => r.notes)) {
    const http = HTTP_NOTE.exec(note);
    if (http) {
      const { byStatus } = JSON.parse(http[1]) as { byStatus: Record<string, number> };
      for (const [status, n] of Object.entries(byStatus)) {
        answersByStatus[status] = (answersByStatus[status] ?? 0) + n;
      }
    }
    const load = LOAD_NOTE.exec(note);
    if (load) loads.push(...load.slice(1).map(Number));
  }
  const figures = seedFigures(results);
  return {
    ...figures,
    seedRanges: seedRanges(results.map((r) => r.seed)),
    fewestOfAKind: Math.min(...Object.values(figures.faultsByKind)),
    secondsPerSeed: {
      min: seconds[0],
      median: seconds[Math.floor(seconds.length / 2)],
      max: seconds[seconds.length - 1],
    },
    answersByStatus,
    loadAverage: loads.length > 0 ? { min: Math.min(...loads), max: Math.max(...loads) } : null,
  };
}

/** Seeds as runs of consecutive numbers: `4001–4011, 4101–4103`. */
export function seedRanges(seeds: number[]): string {
  const sorted = [...new Set(seeds)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j += 1;
    runs.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}
