import { createHash } from 'node:crypto';

/**
 * One participant: a raffle entry (its `group` is the chosen variant) or a waiting-room ticket
 * (no group). Ids are opaque and public; they never name the fan.
 */
export interface FairnessEntry {
  id: string;
  group?: string;
}

/**
 * Printable ASCII without the separators, so that sorting by UTF-16 code units (what `<` does)
 * is the same as sorting by bytes, the order any other language's verifier would use.
 */
const TOKEN = /^[A-Za-z0-9._:-]{1,128}$/;

export function isEntryToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}

/** `id` or `id,group`: one line of the canonical entry list. */
export function entryLine(entry: FairnessEntry): string {
  if (!isEntryToken(entry.id)) throw new Error(`invalid entry id ${JSON.stringify(entry.id)}`);
  if (entry.group === undefined) return entry.id;
  if (!isEntryToken(entry.group)) {
    throw new Error(`invalid group ${JSON.stringify(entry.group)} of entry ${entry.id}`);
  }
  return `${entry.id},${entry.group}`;
}

/** The inverse of `entryLine`; null for a line that is not one. */
export function parseEntryLine(line: unknown): FairnessEntry | null {
  if (typeof line !== 'string') return null;
  const parts = line.split(',');
  if (parts.length > 2 || !parts.every(isEntryToken)) return null;
  return parts.length === 2 ? { id: parts[0], group: parts[1] } : { id: parts[0] };
}

export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Entries sorted by id ascending: the canonical list, independent of arrival order and of how
 * the database happened to return the rows. A repeated id is refused (one entry per fan).
 * Rows read `ORDER BY id` (a uuid orders as its lower-case text) are already canonical: that
 * is checked in one pass and the sort skipped.
 */
export function canonicalEntries(entries: readonly FairnessEntry[]): FairnessEntry[] {
  let sorted = true;
  for (let i = 1; i < entries.length && sorted; i++) sorted = entries[i - 1].id < entries[i].id;
  const canonical = sorted ? [...entries] : [...entries].sort((a, b) => compareIds(a.id, b.id));
  for (let i = 1; i < canonical.length; i++) {
    if (canonical[i].id === canonical[i - 1].id) {
      throw new Error(`entry ${canonical[i].id} appears twice`);
    }
  }
  return canonical;
}

/** Lines hashed per `update` call: far fewer calls into the hash than lines. */
const HASH_BATCH = 4096;

/**
 * SHA-256 (hex) of the canonical lines joined by "\n", UTF-8, no trailing newline; fed line by
 * line so that a million entries never become one string.
 */
export function entryListHash(canonicalLines: readonly string[]): string {
  const hash = createHash('sha256');
  for (let i = 0; i < canonicalLines.length; i += HASH_BATCH) {
    const batch = canonicalLines.slice(i, i + HASH_BATCH).join('\n');
    hash.update(i === 0 ? batch : `\n${batch}`);
  }
  return hash.digest('hex');
}
