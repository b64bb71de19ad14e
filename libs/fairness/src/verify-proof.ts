// Checks a published proof with nothing but Node's crypto: this file and what it imports must
// stay free of framework code, so that anyone can read the whole of what they run.
import { compareIds, entryListHash, type FairnessEntry, parseEntryLine } from './entry-list';
import { orderIndex, winnersOf } from './ordering';
import { PROOF_KINDS, PROOF_VERSION, type ProofKind } from './proof';
import { commitmentOf, isSeed, isSha256Hex } from './seed';

export interface ProofVerification {
  /** True only if every check passed. */
  matches: boolean;
  /** One line per failed check; empty when `matches`. */
  problems: string[];
  kind?: ProofKind;
  dropId?: string;
  entryCount?: number;
  winners?: string[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Index of the first difference between two lists, or -1 when they are equal. */
function firstDifference(a: readonly string[], b: readonly string[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/**
 * Recomputes a proof from its own public fields: the commitment from the seed, the entry-list
 * hash from the entries, the order from the seed and the entry ids, and a raffle's winners from
 * the order and the units. Any difference is a mismatch.
 */
export function verifyProof(proof: unknown): ProofVerification {
  const problems: string[] = [];
  const fail = (problem: string): ProofVerification => ({
    matches: false,
    problems: [...problems, problem],
  });
  if (!isObject(proof)) return fail('the proof is not a JSON object');
  if (proof.version !== PROOF_VERSION)
    return fail(`unknown proof version ${String(proof.version)}`);
  const kind = proof.kind as ProofKind;
  if (!PROOF_KINDS.includes(kind)) return fail(`unknown proof kind ${String(proof.kind)}`);
  const dropId = typeof proof.dropId === 'string' ? proof.dropId : undefined;
  if (!isSha256Hex(proof.commitment)) return fail('commitment is not a SHA-256 hex digest');
  if (proof.seed === null || proof.result === null) {
    return fail('the seed is not revealed yet: nothing can be verified before the draw');
  }
  if (!isSeed(proof.seed)) return fail('seed is not 64 lower-case hex characters');
  const seed = proof.seed;
  if (commitmentOf(seed) !== proof.commitment) {
    problems.push('the seed does not match the commitment published before the draw');
  }

  if (!isStringArray(proof.entries)) return fail('entries is not a list of strings');
  const lines = proof.entries;
  const entries: FairnessEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const entry = parseEntryLine(lines[i]);
    if (!entry)
      return fail(`entry ${i} (${JSON.stringify(lines[i])}) is not "<id>" or "<id>,<variant>"`);
    if (i > 0 && compareIds(entries[i - 1].id, entry.id) >= 0) {
      return fail(`entries are not in canonical order (sorted by id, each once) at entry ${i}`);
    }
    if (kind === 'raffle' && entry.group === undefined) {
      return fail(`raffle entry ${entry.id} names no variant`);
    }
    entries.push(entry);
  }
  if (proof.entryCount !== entries.length) {
    problems.push(
      `entryCount is ${String(proof.entryCount)} but ${entries.length} entries are listed`,
    );
  }
  if (entryListHash(lines) !== proof.entryListHash) {
    problems.push('entryListHash does not match the listed entries');
  }

  const result = proof.result;
  if (!isObject(result)) return fail('result is not an object');
  const units = result.units;
  if (
    !isObject(units) ||
    !Object.values(units).every((n) => Number.isSafeInteger(n) && (n as number) >= 0)
  ) {
    return fail('result.units is not a map of variant to a whole number of units');
  }
  if (!isStringArray(result.order)) return fail('result.order is not a list of entry ids');
  const index = orderIndex(
    seed,
    entries.map((entry) => entry.id),
  );
  const order = Array.from(index, (i) => entries[i].id);
  const orderAt = firstDifference(order, result.order);
  if (orderAt >= 0) {
    problems.push(
      `result.order differs from the recomputed order at position ${orderAt + 1}: ` +
        `published ${JSON.stringify(result.order[orderAt] ?? null)}, recomputed ${JSON.stringify(order[orderAt] ?? null)}`,
    );
  }
  let winners: string[] | undefined;
  if (kind === 'raffle') {
    if (!isStringArray(result.winners)) return fail('result.winners is not a list of entry ids');
    winners = winnersOf(
      index.length,
      (i) => entries[index[i]].group,
      units as Record<string, number>,
    ).map((i) => order[i]);
    const winnersAt = firstDifference(winners, result.winners);
    if (winnersAt >= 0) {
      problems.push(
        `result.winners differs from the recomputed winners at position ${winnersAt + 1}: ` +
          `published ${JSON.stringify(result.winners[winnersAt] ?? null)}, recomputed ${JSON.stringify(winners[winnersAt] ?? null)}`,
      );
    }
  }
  return {
    matches: problems.length === 0,
    problems,
    kind,
    dropId,
    entryCount: entries.length,
    winners,
  };
}
