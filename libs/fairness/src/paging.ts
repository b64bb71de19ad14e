// A large draw is published in pages: a manifest (the proof without its two long lists, plus a
// hash of every page) and pages of at most `size` entries, each carrying the same slice of the
// canonical entry list and of the drawn order. The manifest commits to every page by its hash,
// so a page can be cached and fetched alone and still not be swapped unseen; a verifier checks
// each page against the manifest, joins them and recomputes the whole draw as for one file.
import { createHash } from 'node:crypto';
import type { FairnessProof, ProofResult } from './proof';
import { verifyProof, type ProofVerification } from './verify-proof';

/** Entries per page unless configured: about 2.5 MB of JSON (under 1 MB gzip-compressed). */
export const PROOF_PAGE_SIZE = 25_000;

export interface ProofPages {
  /** Entries per page; every page but the last is full. */
  size: number;
  count: number;
  /** Per page, SHA-256 (hex) of its entry lines then its order ids, all joined by "\n". */
  hashes: string[];
}

/** The proof as published for a paged draw: the long lists live in the pages. */
export interface PagedProofManifest extends Omit<FairnessProof, 'entries' | 'result'> {
  entries: null;
  result: Omit<ProofResult, 'order'> & { order: null };
  pages: ProofPages;
}

/** Entries `page × size` up to the next page: the same slice of both lists. */
export interface ProofPage {
  dropId: string;
  /** From 0. */
  page: number;
  entries: string[];
  order: string[];
}

/** The text a page's hash covers: unambiguous, since both lists of a page have one length. */
export function pageHash(entries: readonly string[], order: readonly string[]): string {
  return createHash('sha256')
    .update([...entries, ...order].join('\n'))
    .digest('hex');
}

/** Whether a drawn proof is published paged under `size` entries per page. */
export function isPagedDraw(entryCount: number, size: number): boolean {
  return entryCount > size;
}

/** The page `page` of a drawn proof (entries and order must be the drawn ones). */
export function proofPage(proof: FairnessProof, page: number, size: number): ProofPage {
  const from = page * size;
  return {
    dropId: proof.dropId,
    page,
    entries: (proof.entries ?? []).slice(from, from + size),
    order: (proof.result?.order ?? []).slice(from, from + size),
  };
}

/** The manifest of a drawn proof in pages of `size`; each page is hashed from a slice. */
export function pagedManifest(proof: FairnessProof, size: number): PagedProofManifest {
  const count = Math.ceil((proof.entries?.length ?? 0) / size);
  const hashes: string[] = [];
  for (let page = 0; page < count; page++) {
    const { entries, order } = proofPage(proof, page, size);
    hashes.push(pageHash(entries, order));
  }
  const result = proof.result as ProofResult;
  return {
    ...proof,
    entries: null,
    result: { ...result, order: null },
    pages: { size, count, hashes },
  };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * Checks `pages` against the manifest's page hashes and joins them into the whole proof; the
 * problems found on the way (a page missing, out of place, of the wrong size, or not the one
 * the manifest committed to). The browser verifier reports the same problems in the same words.
 */
export function joinPages(
  manifest: Json,
  pages: readonly unknown[],
  hashOf: (entries: readonly string[], order: readonly string[]) => string,
): { proof?: Json; problems: string[] } {
  const layout = manifest.pages;
  if (
    !isObject(layout) ||
    !Number.isSafeInteger(layout.size) ||
    (layout.size as number) < 1 ||
    !Number.isSafeInteger(layout.count) ||
    !isStringArray(layout.hashes) ||
    layout.hashes.length !== layout.count
  ) {
    return { problems: ['pages is not { size, count, hashes } with one hash per page'] };
  }
  if (pages.length !== layout.count) {
    return { problems: [`the manifest lists ${layout.count} pages but ${pages.length} were read`] };
  }
  const size = layout.size as number;
  const problems: string[] = [];
  const entries: string[] = [];
  const order: string[] = [];
  for (let i = 0; i < pages.length; i++) {
    const page = pages[i];
    if (!isObject(page) || !isStringArray(page.entries) || !isStringArray(page.order)) {
      return { problems: [`page ${i} is not { page, entries, order }`] };
    }
    if (page.page !== i) problems.push(`page ${i} says it is page ${String(page.page)}`);
    const last = i === pages.length - 1;
    if (page.entries.length !== page.order.length || (!last && page.entries.length !== size)) {
      problems.push(`page ${i} does not hold ${last ? 'equal slices' : `${size} entries`}`);
    }
    if (hashOf(page.entries, page.order) !== layout.hashes[i]) {
      problems.push(`page ${i} is not the page the manifest committed to (its hash differs)`);
    }
    for (const line of page.entries) entries.push(line);
    for (const id of page.order) order.push(id);
  }
  const result = isObject(manifest.result) ? { ...manifest.result, order } : manifest.result;
  const { pages: _pages, ...rest } = manifest;
  return { proof: { ...rest, entries, result }, problems };
}

/** A paged proof checked as `verifyProof` checks a whole one, plus every page against its hash. */
export function verifyPagedProof(manifest: unknown, pages: readonly unknown[]): ProofVerification {
  if (!isObject(manifest)) return { matches: false, problems: ['the proof is not a JSON object'] };
  const joined = joinPages(manifest, pages, pageHash);
  if (!joined.proof) return { matches: false, problems: joined.problems };
  const report = verifyProof(joined.proof);
  const problems = [...joined.problems, ...report.problems];
  return { ...report, matches: problems.length === 0, problems };
}
