import { countsBetween } from './statement-counts';

describe('countsBetween', () => {
  it('keeps what was sent between two readings, most frequent first', () => {
    const before = new Map([
      ['SELECT 1', 5],
      ['COMMIT', 2],
    ]);
    const after = new Map([
      ['SELECT 1', 5],
      ['COMMIT', 4],
      ['INSERT INTO orders', 7],
    ]);
    expect(countsBetween(before, after)).toEqual([
      ['INSERT INTO orders', 7],
      ['COMMIT', 2],
    ]);
  });
});
