// `npm run web:size`: the JavaScript a browser downloads to show a drop page, gzipped, from the
// build's manifest (`npm run build:web` first): the entry, everything it imports statically,
// and the drop page's own chunk with its static imports. Prints the table and, with --record,
// writes it to docs/web-performance.md. Fails above the budget.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = join(__dirname, '..');
const WEB = join(ROOT, 'dist', 'web');
const BUDGET_BYTES = 150 * 1024;
const DROP_PAGE = 'src/storefront/pages/drop-page.tsx';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

function main(): void {
  const manifest = JSON.parse(readFileSync(join(WEB, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
  if (!entry || !manifest[DROP_PAGE]) throw new Error('run `npm run build:web` first');
  const files = new Set<string>();
  const visit = (key: string): void => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entry);
  visit(DROP_PAGE);
  const rows = [...files].map((file) => {
    const bytes = readFileSync(join(WEB, file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const total = rows.reduce((sum, row) => ({ raw: sum.raw + row.raw, gzip: sum.gzip + row.gzip }), {
    raw: 0,
    gzip: 0,
  });
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  const table = [
    '| file | raw | gzip |',
    '| --- | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| \`${row.file.replace(/-[A-Za-z0-9_-]{8}\.js$/, '-<hash>.js')}\` | ${kb(row.raw)} | ${kb(row.gzip)} |`,
    ),
    `| **total** | **${kb(total.raw)}** | **${kb(total.gzip)}** |`,
  ].join('\n');
  process.stdout.write(
    `JavaScript the drop page loads (budget ${kb(BUDGET_BYTES)} gzip):\n\n${table}\n`,
  );
  if (process.argv.includes('--record')) {
    const doc = [
      '# Browser app performance',
      '',
      'The drop page is what thousands of fans load in the same second a drop opens. Its shell',
      '(`index.html`, revalidated) names content-hashed files cached for a year, so a returning',
      'fan downloads nothing but the shell; counters then arrive over one server-sent events',
      'stream instead of polling.',
      '',
      `JavaScript a first visit to \`/drop/:id\` downloads, measured with \`npm run web:size\``,
      `(gzip level 9, from \`dist/web/.vite/manifest.json\`; budget ${kb(BUDGET_BYTES)}):`,
      '',
      table,
      '',
      `Measured ${new Date().toISOString().slice(0, 10)}. Re-measure with \`npm run build:web && npm run web:size -- --record\`.`,
      '',
    ].join('\n');
    writeFileSync(join(ROOT, 'docs', 'web-performance.md'), doc);
    process.stdout.write('\nrecorded in docs/web-performance.md\n');
  }
  if (total.gzip > BUDGET_BYTES) {
    process.stderr.write(`over budget: ${kb(total.gzip)} > ${kb(BUDGET_BYTES)}\n`);
    process.exit(1);
  }
}

main();
