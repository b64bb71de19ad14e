// The schema's history. `migrations/index.ts` lists the migrations that landed first, by hand;
// every later one is a file in `migrations/steps/`, found by its name, so adding a migration
// never edits a file that has already landed.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationInterface } from 'typeorm';
import { ALL_MIGRATIONS as FIRST_MIGRATIONS } from '../../../../migrations';

export type MigrationClass = new () => MigrationInterface;

/** `<13-digit timestamp>-<name>.ts` (or `.js` in a build). */
export const MIGRATION_FILE = /^(\d{13})-[\w-]+\.(ts|js)$/;

/** Same relative place in the source tree and in dist/. */
export const MIGRATION_STEPS_DIR = join(__dirname, '../../../../migrations/steps');

function loadSteps(dir: string): MigrationClass[] {
  return readdirSync(dir)
    .filter((file) => MIGRATION_FILE.test(file))
    .sort()
    .map((file) => {
      // Each file exports exactly one class; require keeps this synchronous for the CLI.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = Object.values(require(join(dir, file)) as Record<string, unknown>);
      const migration = exported.find((value) => typeof value === 'function');
      if (!migration) throw new Error(`migrations/steps/${file} exports no migration class`);
      return migration as MigrationClass;
    });
}

/** Every migration, oldest first. */
export const MIGRATIONS: MigrationClass[] = [
  ...(FIRST_MIGRATIONS as MigrationClass[]),
  ...loadSteps(MIGRATION_STEPS_DIR),
];
