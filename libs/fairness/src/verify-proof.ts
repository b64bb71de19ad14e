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

/** A check that failed so that nothing after it can be verified. */
type Fatal = { fatal: string };
const fatal = (problem: string): Fatal => ({ fatal: problem });
const isFatal = (value: unknown): value is Fatal => isObject(value) && 'fatal' in value;

/** The proof's version, kind, commitment and revealed seed, as far as they can be read. */
function readHeader(
  proof: unknown,
): Fatal | { proof: Json; kind: ProofKind; dropId?: string; seed: string } {
  if (!isObject(proof)) return fatal('the proof is not a JSON object');
  if (proof.version !== PROOF_VERSION)
    return fatal(`unknown proof version ${String(proof.version)}`);
  const kind = proof.kind as ProofKind;
  if (!PROOF_KINDS.includes(kind)) return fatal(`unknown proof kind ${String(proof.kind)}`);
  const dropId = typeof proof.dropId === 'string' ? proof.dropId : undefined;
  if (!isSha256Hex(proof.commitment)) return fatal('commitment is not a SHA-256 hex digest');
  if (proof.seed === null || proof.result === null) {
    return fatal('the seed is not revealed yet: nothing can be verified before the draw');
  }
  if (!isSeed(proof.seed)) return fatal('seed is not 64 lower-case hex characters');
  return { proof, kind, dropId, seed: proof.seed };
}

/** The listed entries, each parsed, in canonical order; a raffle's each name a variant. */
function readEntries(lines: readonly string[], kind: ProofKind): Fatal | FairnessEntry[] {
  const entries: FairnessEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const entry = parseEntryLine(lines[i]);
    if (!entry)
      return fatal(`entry ${i} (${JSON.stringify(lines[i])}) is not "<id>" or "<id>,<variant>"`);
    if (i > 0 && compareIds(entries[i - 1].id, entry.id) >= 0) {
      return fatal(`entries are not in canonical order (sorted by id, each once) at entry ${i}`);
    }
    if (kind === 'raffle' && entry.group === undefined) {
      return fatal(`raffle entry ${entry.id} names no variant`);
    }
    entries.push(entry);
  }
  return entries;
}

/** The published result's units and order, as far as they can be read. */
function readResult(
  result: unknown,
): Fatal | { result: Json; units: Record<string, number>; order: string[] } {
  if (!isObject(result)) return fatal('result is not an object');
  const units = result.units;
  if (
    !isObject(units) ||
    !Object.values(units).every((n) => Number.isSafeInteger(n) && (n as number) >= 0)
  ) {
    return fatal('result.units is not a map of variant to a whole number of units');
  }
  if (!isStringArray(result.order)) return fatal('result.order is not a list of entry ids');
  return { result, units: units as Record<string, number>, order: result.order };
}

/** Where a published list first differs from the recomputed one, said for a reader. */
function listProblem(
  what: string,
  published: readonly string[],
  recomputed: readonly string[],
): string[] {
  const at = firstDifference(recomputed, published);
  if (at < 0) return [];
  return [
    `result.${what} differs from the recomputed ${what} at position ${at + 1}: ` +
      `published ${JSON.stringify(published[at] ?? null)}, recomputed ${JSON.stringify(recomputed[at] ?? null)}`,
  ];
}

/**
 * Recomputes a proof from its own public fields: the commitment from the seed, the entry-list
 * hash from the entries, the order from the seed and the entry ids, and a raffle's winners from
 * the order and the units. Any difference is a mismatch.
 */
export function verifyProof(input: unknown): ProofVerification {
  const problems: string[] = [];
  const fail = ({ fatal: problem }: Fatal): ProofVerification => ({
    matches: false,
    problems: [...problems, problem],
  });
  const header = readHeader(input);
  if (isFatal(header)) return fail(header);
  const { proof, kind, dropId, seed } = header;
  if (commitmentOf(seed) !== proof.commitment) {
    problems.push('the seed does not match the commitment published before the draw');
  }

  if (!isStringArray(proof.entries)) return fail(fatal('entries is not a list of strings'));
  const lines = proof.entries;
  const entries = readEntries(lines, kind);
  if (isFatal(entries)) return fail(entries);
  if (proof.entryCount !== entries.length) {
    problems.push(
      `entryCount is ${String(proof.entryCount)} but ${entries.length} entries are listed`,
    );
  }
  if (entryListHash(lines) !== proof.entryListHash) {
    problems.push('entryListHash does not match the listed entries');
  }

  const published = readResult(proof.result);
  if (isFatal(published)) return fail(published);
  const index = orderIndex(
    seed,
    entries.map((entry) => entry.id),
  );
  const order = Array.from(index, (i) => entries[i].id);
  problems.push(...listProblem('order', published.order, order));
  let winners: string[] | undefined;
  if (kind === 'raffle') {
    const { result, units } = published;
    if (!isStringArray(result.winners)) {
      return fail(fatal('result.winners is not a list of entry ids'));
    }
    winners = winnersOf(index.length, (i) => entries[index[i]].group, units).map((i) => order[i]);
    problems.push(...listProblem('winners', result.winners, winners));
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
