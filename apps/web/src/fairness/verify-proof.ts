/**
 * Verifies a fairness proof in the browser with Web Crypto, by the same rules as
 * `npm run verify:fairness` (libs/fairness): commitment = SHA-256(seed bytes); entryListHash =
 * SHA-256 of the canonical lines joined by "\n"; entries ordered by HMAC-SHA256(seed bytes,
 * entry id) ascending as unsigned big-endian numbers, ties by id; raffle winners by walking the
 * order, an entry winning while its variant has a unit left. Nothing here trusts the server.
 */
export interface Verification {
  matches: boolean;
  problems: string[];
  entryCount?: number;
  winners?: string[];
}

type Json = Record<string, unknown>;
const TOKEN = /^[A-Za-z0-9._:-]{1,128}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const encoder = new TextEncoder();

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((item) => typeof item === 'string');
const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const hex = (buffer: ArrayBuffer): string =>
  Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

function fromHex(value: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(value.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(value.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

async function sha256Hex(data: Uint8Array<ArrayBuffer>): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', data));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function firstDifference(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** The recomputed drawn order of `ids` under `seed`. */
export async function drawnOrder(seed: string, ids: readonly string[]): Promise<string[]> {
  const key = await crypto.subtle.importKey(
    'raw',
    fromHex(seed),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const macs = await Promise.all(
    ids.map(
      async (id) => new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(id))),
    ),
  );
  const index = ids.map((_, i) => i);
  index.sort((a, b) => compareBytes(macs[a], macs[b]) || compareIds(ids[a], ids[b]));
  return index.map((i) => ids[i]);
}

export async function verifyProof(proof: unknown): Promise<Verification> {
  const problems: string[] = [];
  const fail = (problem: string): Verification => ({
    matches: false,
    problems: [...problems, problem],
  });
  if (!isObject(proof)) return fail('the proof is not a JSON object');
  if (proof.version !== 1) return fail(`unknown proof version ${String(proof.version)}`);
  const kind = proof.kind;
  if (kind !== 'raffle' && kind !== 'queue') return fail(`unknown proof kind ${String(kind)}`);
  if (typeof proof.commitment !== 'string' || !HEX64.test(proof.commitment)) {
    return fail('commitment is not a SHA-256 hex digest');
  }
  if (proof.seed === null || proof.result === null) {
    return fail('the seed is not revealed yet: nothing can be verified before the draw');
  }
  if (typeof proof.seed !== 'string' || !HEX64.test(proof.seed)) {
    return fail('seed is not 64 lower-case hex characters');
  }
  const seed = proof.seed;
  if ((await sha256Hex(fromHex(seed))) !== proof.commitment) {
    problems.push('the seed does not match the commitment published before the draw');
  }
  if (!isStringArray(proof.entries)) return fail('entries is not a list of strings');
  const lines = proof.entries;
  const entries: Array<{ id: string; group?: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    const parts = lines[i].split(',');
    if (parts.length > 2 || !parts.every((part) => TOKEN.test(part))) {
      return fail(`entry ${i} (${JSON.stringify(lines[i])}) is not "<id>" or "<id>,<variant>"`);
    }
    const entry = { id: parts[0], group: parts[1] };
    if (i > 0 && compareIds(entries[i - 1].id, entry.id) >= 0) {
      return fail(`entries are not in canonical order (sorted by id, each once) at entry ${i}`);
    }
    if (kind === 'raffle' && entry.group === undefined)
      return fail(`raffle entry ${entry.id} names no variant`);
    entries.push(entry);
  }
  if (proof.entryCount !== entries.length) {
    problems.push(
      `entryCount is ${String(proof.entryCount)} but ${entries.length} entries are listed`,
    );
  }
  if ((await sha256Hex(encoder.encode(lines.join('\n')))) !== proof.entryListHash) {
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
  const order = await drawnOrder(
    seed,
    entries.map((entry) => entry.id),
  );
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
    const groupOf = new Map(entries.map((entry) => [entry.id, entry.group]));
    const left = new Map(Object.entries(units as Record<string, number>));
    let remaining = [...left.values()].reduce((sum, n) => sum + n, 0);
    winners = [];
    for (const id of order) {
      if (remaining <= 0) break;
      const group = groupOf.get(id);
      const available = group === undefined ? 0 : (left.get(group) ?? 0);
      if (group === undefined || available <= 0) continue;
      left.set(group, available - 1);
      remaining--;
      winners.push(id);
    }
    const winnersAt = firstDifference(winners, result.winners);
    if (winnersAt >= 0) {
      problems.push(
        `result.winners differs from the recomputed winners at position ${winnersAt + 1}: ` +
          `published ${JSON.stringify(result.winners[winnersAt] ?? null)}, recomputed ${JSON.stringify(winners[winnersAt] ?? null)}`,
      );
    }
  }
  return { matches: problems.length === 0, problems, entryCount: entries.length, winners };
}

/** A page's hash: SHA-256 of its entry lines then its order ids, all joined by "\n". */
export async function pageHash(entries: readonly string[], order: readonly string[]) {
  return sha256Hex(encoder.encode([...entries, ...order].join('\n')));
}

/**
 * A large draw's proof: the manifest (without the two long lists, with `pages`) and its pages.
 * Each page is checked against the hash the manifest committed to, then the joined proof is
 * verified as a whole one. Same rules and words as `verifyPagedProof` in libs/fairness.
 */
export async function verifyPagedProof(
  manifest: unknown,
  pages: readonly unknown[],
): Promise<Verification> {
  if (!isObject(manifest)) return { matches: false, problems: ['the proof is not a JSON object'] };
  const layout = manifest.pages;
  if (
    !isObject(layout) ||
    !Number.isSafeInteger(layout.size) ||
    (layout.size as number) < 1 ||
    !Number.isSafeInteger(layout.count) ||
    !isStringArray(layout.hashes) ||
    layout.hashes.length !== layout.count
  ) {
    return {
      matches: false,
      problems: ['pages is not { size, count, hashes } with one hash per page'],
    };
  }
  if (pages.length !== layout.count) {
    return {
      matches: false,
      problems: [`the manifest lists ${layout.count} pages but ${pages.length} were read`],
    };
  }
  const size = layout.size as number;
  const problems: string[] = [];
  const entries: string[] = [];
  const order: string[] = [];
  for (let i = 0; i < pages.length; i++) {
    const page = pages[i];
    if (!isObject(page) || !isStringArray(page.entries) || !isStringArray(page.order)) {
      return { matches: false, problems: [`page ${i} is not { page, entries, order }`] };
    }
    if (page.page !== i) problems.push(`page ${i} says it is page ${String(page.page)}`);
    const last = i === pages.length - 1;
    if (page.entries.length !== page.order.length || (!last && page.entries.length !== size)) {
      problems.push(`page ${i} does not hold ${last ? 'equal slices' : `${size} entries`}`);
    }
    if ((await pageHash(page.entries, page.order)) !== layout.hashes[i]) {
      problems.push(`page ${i} is not the page the manifest committed to (its hash differs)`);
    }
    for (const line of page.entries) entries.push(line);
    for (const id of page.order) order.push(id);
  }
  const result = isObject(manifest.result) ? { ...manifest.result, order } : manifest.result;
  const { pages: _pages, ...rest } = manifest;
  const report = await verifyProof({ ...rest, entries, result });
  const all = [...problems, ...report.problems];
  return { ...report, matches: all.length === 0, problems: all };
}
