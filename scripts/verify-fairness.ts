// `npm run verify:fairness -- <proof file or URL> [page files…]` (from a build:
// `node dist/scripts/verify-fairness.js <…>`)
//
// Checks a fairness proof (`GET /drops/:drop/fairness`, or a saved copy) with nothing but Node's
// crypto: the seed against the commitment published before the draw, the entry-list hash
// against the entries, and the order (and a raffle's winners) recomputed from the seed. A large
// draw's proof is a manifest with `pages`: from a URL its pages are fetched one by one
// (`…/fairness/pages/<n>`); from files, name the page files after the manifest, in order. Each
// page is checked against the hash the manifest lists for it.
// Exit status: 0 the proof matches, 1 it does not, 2 the proof could not be read.
import { readFile } from 'node:fs/promises';
import { verifyPagedProof, verifyProof } from '@limited-run/fairness';

const USAGE =
  'usage: npm run verify:fairness -- <proof.json [page-0.json …] | https://…/drops/<id>/fairness>';
const FETCH_TIMEOUT_MS = 60_000;

class UnreadableProofError extends Error {}

async function readProof(source: string): Promise<unknown> {
  let text: string;
  if (/^https?:\/\//i.test(source)) {
    let response: Response;
    try {
      response = await fetch(source, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
    } catch (error) {
      throw new UnreadableProofError(`could not fetch ${source}: ${String(error)}`);
    }
    if (!response.ok) throw new UnreadableProofError(`${source} answered ${response.status}`);
    text = await response.text();
  } else {
    try {
      text = await readFile(source, 'utf8');
    } catch (error) {
      throw new UnreadableProofError(`could not read ${source}: ${String(error)}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UnreadableProofError(`${source} is not JSON`);
  }
}

async function main(): Promise<number> {
  const sources = process.argv.slice(2).filter((arg) => arg !== '--');
  if (sources.length < 1 || sources.some((source) => source.startsWith('-'))) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const [first, ...pageFiles] = sources;
  const isUrl = /^https?:\/\//i.test(first);
  if (isUrl && pageFiles.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const proof = await readProof(first);
  const layout = (proof as { pages?: { count?: unknown } } | null)?.pages;
  let report;
  if (layout === undefined) {
    report = verifyProof(proof);
  } else {
    // Bounded whatever the manifest claims (the API numbers pages up to 100,000).
    const count = Number.isSafeInteger(layout.count)
      ? Math.min(layout.count as number, 100_000)
      : 0;
    const pages: unknown[] = [];
    // One page at a time: a draw's pages are each a bounded file.
    if (isUrl) {
      const base = first.replace(/[?#].*$/, '').replace(/\/+$/, '');
      for (let page = 0; page < count; page++) pages.push(await readProof(`${base}/pages/${page}`));
    } else {
      for (const file of pageFiles) pages.push(await readProof(file));
    }
    report = verifyPagedProof(proof, pages);
  }
  const what = `${report.kind ?? 'proof'}${report.dropId ? ` of drop ${report.dropId}` : ''}`;
  if (report.matches) {
    const recomputed = report.winners
      ? `the order and its ${report.winners.length} winners`
      : 'the admission order';
    process.stdout.write(
      `MATCH: ${what}: the seed matches the commitment, the ${report.entryCount} entries match ` +
        `their hash, and ${recomputed} recomputed from them are the published ones.\n`,
    );
    return 0;
  }
  process.stdout.write(
    `MISMATCH: ${what}:\n${report.problems.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  return 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof UnreadableProofError ? error.message : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
