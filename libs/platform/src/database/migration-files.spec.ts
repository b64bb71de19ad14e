import { readdirSync } from 'node:fs';
import { MIGRATION_FILE, MIGRATION_STEPS_DIR, MIGRATIONS } from './migration-files';

const timestampOf = (name: string): number => Number(/(\d{13})$/.exec(name)?.[1]);

describe('migration files', () => {
  it('lists the landed list, then every file in migrations/steps by the timestamp its class carries', () => {
    const files = readdirSync(MIGRATION_STEPS_DIR).filter((f) => MIGRATION_FILE.test(f));
    const listed = MIGRATIONS.map((m) => timestampOf(m.name));
    expect(listed.slice(1)).toEqual(files.map((f) => Number(f.slice(0, 13))).sort((a, b) => a - b));
    expect([...listed].sort((a, b) => a - b)).toEqual(listed);
    expect(new Set(listed).size).toBe(listed.length);
  });
});
