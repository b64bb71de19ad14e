// Every migration in this folder, oldest first. Found by file name so that adding a migration
// never means editing a file that has already landed.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationInterface } from 'typeorm';

type MigrationClass = new () => MigrationInterface;

const MIGRATION_FILE = /^(\d{13})-[\w-]+\.(ts|js)$/;

function loadMigrations(): MigrationClass[] {
  return readdirSync(__dirname)
    .filter((file) => MIGRATION_FILE.test(file))
    .sort()
    .map((file) => {
      // Each migration file exports exactly one class; require keeps this synchronous for the CLI.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = Object.values(require(join(__dirname, file)) as Record<string, unknown>);
      const migration = exported.find((value) => typeof value === 'function');
      if (!migration) throw new Error(`migrations/${file} exports no migration class`);
      return migration as MigrationClass;
    });
}

export const ALL_MIGRATIONS = loadMigrations();
