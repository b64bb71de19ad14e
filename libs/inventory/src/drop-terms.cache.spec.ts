// The hot path's one-second memo of a drop's terms is timed by the monotonic clock: a wall clock
// stepped back (NTP, a VM resumed) must not keep a drop's old state fresh for as long as the step,
// and a wall clock stepped ahead must not make every request read Postgres.
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { DataSource, type QueryRunner } from 'typeorm';
import { DropTermsCache } from './drop-terms.cache';

const DROP = {
  id: 'd1',
  collective_id: 'c1',
  name: 'Clear-red pressing',
  state: 'live',
  release_mode: 'first_come',
  starts_at: '2026-12-04T20:00:00Z',
  ends_at: null,
  early_access_starts_at: null,
  entry_closes_at: null,
  hold_seconds: 600,
  per_customer_limit: 2,
  now: '2026-12-04T20:00:01Z',
};

/** A data source that answers the two statements the cache makes and counts the drop reads. */
function database(): { dataSource: DataSource; dropReads: () => number } {
  const dataSource = new DataSource({ type: 'postgres' });
  let reads = 0;
  dataSource.createQueryRunner = () =>
    ({
      query: (text: string) => {
        const drop = text.includes('FROM drops');
        if (drop) reads += 1;
        return Promise.resolve({ records: drop ? [DROP] : [{ variant_id: 'v1' }] });
      },
      release: () => Promise.resolve(),
    }) as unknown as QueryRunner;
  return { dataSource, dropReads: () => reads };
}

describe('DropTermsCache', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  /** Moves the monotonic clock by `monotonicMs` and the wall clock by `wallMs` from now on. */
  function step(monotonicMs: number, wallMs: number): void {
    const monotonic = performance.now();
    const wall = Date.now();
    jest.spyOn(performance, 'now').mockReturnValue(monotonic + monotonicMs);
    jest.spyOn(Date, 'now').mockReturnValue(wall + wallMs);
  }

  it('reads the drop again after a second, though the wall clock was stepped an hour back', async () => {
    const { dataSource, dropReads } = database();
    const cache = new DropTermsCache(dataSource);
    expect((await cache.get('d1'))?.state).toBe('live');
    step(1_500, -3_600_000);
    await cache.get('d1');
    expect(dropReads()).toBe(2);
  });

  it('keeps the drop for its second, though the wall clock was stepped an hour ahead', async () => {
    const { dataSource, dropReads } = database();
    const cache = new DropTermsCache(dataSource);
    await cache.get('d1');
    step(10, 3_600_000);
    await cache.get('d1');
    expect(dropReads()).toBe(1);
  });
});
