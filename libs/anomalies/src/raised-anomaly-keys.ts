import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** Which of these natural keys (as `anomalyKey` makes them) have been raised, ever. */
export async function readRaisedAnomalyKeys(
  on: EntityManager | DataSource,
  keys: readonly string[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const found = await rows<{ key: string }>(
    on,
    `SELECT key FROM anomalies WHERE key = ANY($1::text[])`,
    [[...new Set(keys)]],
  );
  return new Set(found.map((row) => row.key));
}
