import { createHmac } from 'node:crypto';
import { compareIds } from './entry-list';
import { isSeed } from './seed';

const KEY_BYTES = 32;
/** Leading bytes of a key compared as one number: 6 bytes fit a double exactly. */
const PREFIX_BYTES = 6;

export const ORDERING_RULE =
  'Each entry is ranked by HMAC-SHA256 with the seed (its 32 bytes, hex-decoded) as key and the ' +
  'entry id (UTF-8) as message; entries are ordered by that MAC ascending, compared as unsigned ' +
  'big-endian numbers, ties (never expected) by entry id ascending. The canonical entry list is ' +
  'the entries sorted by id ascending, one line each ("<id>" or "<id>,<variant>"), joined by ' +
  '"\\n" with no trailing newline; entryListHash is its SHA-256 and commitment is SHA-256 of the ' +
  'seed bytes. Raffle: walking the order, an entry wins when its variant still has a unit left ' +
  '(one unit per win); later entries are next in line for units that come back. Queue: fans are ' +
  'admitted in the order, before anyone who arrived after the opening.';

/**
 * The ids ordered by HMAC-SHA256(seed, id). Nobody can steer it: the seed was committed to
 * before the entries closed and is revealed only after, and the MAC of an id is unpredictable
 * without it.
 */
export function orderIds(seed: string, ids: readonly string[]): string[] {
  const index = orderIndex(seed, ids);
  const ordered = new Array<string>(ids.length);
  for (let i = 0; i < ids.length; i++) ordered[i] = ids[index[i]];
  return ordered;
}

/**
 * `orderIds` as positions into `ids`. Built for a million entries: the MACs in one buffer, an
 * index array sorted by a 48-bit prefix with the full MAC and then the id as tie-breakers.
 */
export function orderIndex(seed: string, ids: readonly string[]): Uint32Array {
  if (!isSeed(seed)) throw new Error('a seed is 64 lower-case hex characters');
  // A plain Buffer key: measured faster here than a reused KeyObject.
  const key = Buffer.from(seed, 'hex');
  const n = ids.length;
  const macs = Buffer.allocUnsafe(n * KEY_BYTES);
  const prefix = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const offset = i * KEY_BYTES;
    createHmac('sha256', key).update(ids[i], 'utf8').digest().copy(macs, offset);
    prefix[i] = macs.readUIntBE(offset, PREFIX_BYTES);
  }
  const index = new Uint32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  return index.sort(
    (a, b) =>
      prefix[a] - prefix[b] ||
      macs.compare(macs, b * KEY_BYTES, (b + 1) * KEY_BYTES, a * KEY_BYTES, (a + 1) * KEY_BYTES) ||
      compareIds(ids[a], ids[b]),
  );
}

/**
 * Raffle winners: the entries, in drawn order, that find a unit of their variant left. Each win
 * takes one unit; an entry whose variant has run out is passed over, not skipped for good.
 */
export function raffleWinners(
  order: readonly string[],
  groupOf: ReadonlyMap<string, string | undefined>,
  units: Readonly<Record<string, number>>,
): string[] {
  return winnersOf(order.length, (i) => groupOf.get(order[i]), units).map((i) => order[i]);
}

/** `raffleWinners` over positions in the order: `groupAt(i)` is the group of the i-th drawn. */
export function winnersOf(
  count: number,
  groupAt: (position: number) => string | undefined,
  units: Readonly<Record<string, number>>,
): number[] {
  const left = new Map(Object.entries(units));
  let remaining = [...left.values()].reduce((sum, n) => sum + Math.max(0, n), 0);
  const winners: number[] = [];
  for (let i = 0; i < count && remaining > 0; i++) {
    const group = groupAt(i);
    if (group === undefined) continue;
    const available = left.get(group) ?? 0;
    if (available <= 0) continue;
    left.set(group, available - 1);
    remaining--;
    winners.push(i);
  }
  return winners;
}
