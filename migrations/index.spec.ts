import { readdirSync } from 'node:fs';
import { ALL_MIGRATIONS } from '.';

describe('migrations index', () => {
  it('lists every migration file, oldest first', () => {
    const files = readdirSync(__dirname).filter((f) => /^\d{13}-.+\.ts$/.test(f) && !f.endsWith('.spec.ts'));
    const timestamps = files.map((f) => Number(f.slice(0, 13))).sort((a, b) => a - b);
    const listed = ALL_MIGRATIONS.map((m) => Number(/(\d{13})$/.exec(m.name)?.[1]));
    expect(listed).toEqual(timestamps);
  });
});
