// The chaos suite in CI (docs/chaos.md): a fixed seed, a full drop through two API processes and
// two workers on this file's own Postgres database and a private Redis, with every fault kind of
// the schedule injected at the seed's moments (processes killed mid-transaction and mid-job,
// Redis restarted with and without its data, Postgres backends terminated and a hot row stalled,
// Stripe failing, timing out and cutting connections, webhooks duplicated, delayed and
// reordered). Then every invariant is checked. `npm run chaos` runs many more seeds.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFailure, runSeed } from './chaos/run-seed';
import { FAULT_KINDS } from './chaos/schedule';
import { harnessValue } from './support/test-services';

const CI_SEEDS = (process.env.CHAOS_CI_SEEDS ?? '20261203').split(',').map(Number);

describe('chaos: a drop keeps every invariant while processes, Redis, Postgres and Stripe fail', () => {
  it.each(CI_SEEDS)(
    'seed %i: every fault kind injected, no invariant broken',
    async (seed) => {
      const result = await runSeed({
        seed,
        fans: Number(process.env.CHAOS_CI_FANS ?? 150),
        driveMs: 15_000,
        adminUrl: harnessValue('adminUrl'),
        templateDb: harnessValue('templateDb'),
        workDir: mkdtempSync(join(tmpdir(), 'lr-chaos-ci-')),
        // `.ci/run` builds first and points here (faster boots); else from source (ts-node).
        distDir: process.env.CHAOS_DIST_DIR || undefined,
      });
      if (result.violations.length > 0) throw new Error(describeFailure(result));
      for (const kind of FAULT_KINDS)
        expect([kind, result.injected[kind] ?? 0]).not.toEqual([kind, 0]);
      expect(result.checks).toBeGreaterThan(100);
      expect(result.samples).toBeGreaterThan(0);
      expect(result.crowd.holdsGranted).toBeGreaterThan(0);
      expect(result.crowd.paid + result.crowd.paidLate).toBeGreaterThan(0);
    },
    1_800_000,
  );
});
