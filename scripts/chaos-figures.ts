// `npm run chaos:figures -- runner-A.json runner-B.json …`
//
// Adds up the JSON files of several chaos runners (`npm run chaos -- … --json FILE`) into the
// figures docs/chaos.md records for a run. A seed in two files is counted once.
import { readFileSync } from 'node:fs';
import { runFigures } from '../test/chaos/figures';
import type { SeedResult } from '../test/chaos/run-seed';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: npm run chaos:figures -- runner-A.json [runner-B.json …]\n');
  process.exit(2);
}
const bySeed = new Map<number, SeedResult>();
for (const file of files) {
  const { results } = JSON.parse(readFileSync(file, 'utf8')) as { results: SeedResult[] };
  for (const result of results) bySeed.set(result.seed, result);
}
process.stdout.write(`${JSON.stringify(runFigures([...bySeed.values()]), null, 2)}\n`);
