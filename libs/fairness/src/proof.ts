import {
  canonicalEntries,
  entryLine,
  entryListHash,
  type FairnessEntry,
  isEntryToken,
} from './entry-list';
import { ORDERING_RULE, orderIndex, winnersOf } from './ordering';
import { commitmentOf } from './seed';

export const PROOF_VERSION = 1;
export const PROOF_KINDS = ['raffle', 'queue'] as const;
/** `raffle`: a raffle draw. `queue`: the shuffle of a waiting room's pre-queue at the opening. */
export type ProofKind = (typeof PROOF_KINDS)[number];

export interface ProofResult {
  /** Units on offer per variant id when the order was drawn. */
  units: Record<string, number>;
  /** Every entry id in drawn order: raffle ranking, or the pre-queue's admission order. */
  order: string[];
  /** Raffle only: the entries that won a unit in the draw itself (see `raffleWinners`). */
  winners?: string[];
}

/**
 * Everything needed to check a draw without trusting us. Before the draw only the commitment
 * is public; `seed`, the entries and the result are null until the entries have closed.
 */
export interface FairnessProof {
  version: typeof PROOF_VERSION;
  kind: ProofKind;
  dropId: string;
  /** SHA-256 of the seed bytes, published before any entry could count. */
  commitment: string;
  seed: string | null;
  entryCount: number | null;
  entryListHash: string | null;
  /** The canonical entry list, one line per entry (`id` or `id,variantId`), sorted by id. */
  entries: string[] | null;
  orderingRule: string;
  result: ProofResult | null;
  /** When the order was drawn (ISO 8601), null before. */
  drawnAt: string | null;
}

export interface DrawInput {
  kind: ProofKind;
  dropId: string;
  seed: string;
  /** In any order; raffle entries carry their variant as `group`. */
  entries: readonly FairnessEntry[];
  units: Readonly<Record<string, number>>;
  drawnAt: Date;
}

/** The proof published before the draw: the commitment and the rule, nothing that helps guess. */
export function committedProof(kind: ProofKind, dropId: string, commitment: string): FairnessProof {
  return {
    version: PROOF_VERSION,
    kind,
    dropId,
    commitment,
    seed: null,
    entryCount: null,
    entryListHash: null,
    entries: null,
    orderingRule: ORDERING_RULE,
    result: null,
    drawnAt: null,
  };
}

/** Draws the order from the seed and the entries, and returns the proof of it. */
export function drawProof(input: DrawInput): FairnessProof {
  const canonical = canonicalEntries(input.entries);
  if (input.kind === 'raffle' && canonical.some((entry) => entry.group === undefined)) {
    throw new Error('every raffle entry names its variant');
  }
  for (const [group, quantity] of Object.entries(input.units)) {
    if (!isEntryToken(group) || !Number.isSafeInteger(quantity) || quantity < 0) {
      throw new Error(`invalid units ${JSON.stringify({ [group]: quantity })}`);
    }
  }
  const lines = canonical.map(entryLine);
  const ids = canonical.map((entry) => entry.id);
  const index = orderIndex(input.seed, ids);
  const order = Array.from(index, (i) => ids[i]);
  const result: ProofResult = { units: { ...input.units }, order };
  if (input.kind === 'raffle') {
    result.winners = winnersOf(index.length, (i) => canonical[index[i]].group, input.units).map(
      (i) => order[i],
    );
  }
  return {
    ...committedProof(input.kind, input.dropId, commitmentOf(input.seed)),
    seed: input.seed,
    entryCount: lines.length,
    entryListHash: entryListHash(lines),
    entries: lines,
    result,
    drawnAt: input.drawnAt.toISOString(),
  };
}
