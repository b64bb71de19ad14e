// `npm run bench:raffle [-- --entries 1000000 --units 500 --variants 5]`
//
// Draws a raffle of a million entries the way the worker does (`drawProof`: canonical list,
// its hash, the HMAC ordering, the winners), serialises the proof as `GET /drops/:drop/fairness`
// would, then verifies it as `npm run verify:fairness` would. Prints each step's time and the
// process's peak memory, and appends the results to docs/benchmarks.md.
import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { drawProof, type FairnessEntry, generateSeed, verifyProof } from '@limited-run/fairness';
import { integerFlags } from './support/cli';
import { appendResults, commandLine, currentCommit } from './support/report';

const MB = 1024 * 1024;

let peakHeap = 0;
let peakRss = 0;
function sampleMemory(): void {
  const usage = process.memoryUsage();
  peakHeap = Math.max(peakHeap, usage.heapUsed + usage.external + usage.arrayBuffers);
  peakRss = Math.max(peakRss, usage.rss);
}

function timed<T>(work: () => T): { value: T; seconds: number } {
  sampleMemory();
  const start = performance.now();
  const value = work();
  const seconds = (performance.now() - start) / 1000;
  sampleMemory();
  return { value, seconds };
}

const fmt = (seconds: number): string => `${seconds.toFixed(2)} s`;
const mib = (bytes: number): string => `${Math.round(bytes / MB)} MiB`;

function main(): void {
  const argv = process.argv.slice(2).filter((arg) => arg !== '--');
  const flags = integerFlags(argv, { entries: 1_000_000, units: 500, variants: 5 });
  const variants = Array.from({ length: flags.variants }, () => randomUUID());
  const units = Object.fromEntries(
    variants.map((v, i) => [
      v,
      Math.floor(flags.units / flags.variants) + (i < flags.units % flags.variants ? 1 : 0),
    ]),
  );
  // Entries as the worker reads them (`ORDER BY id`): uuids, each with the size the fan chose.
  const entries: FairnessEntry[] = Array.from({ length: flags.entries }, (_, i) => ({
    id: randomUUID(),
    group: variants[i % variants.length],
  })).sort((a, b) => (a.id < b.id ? -1 : 1));
  // A seam sampler: the draw is synchronous, so only the steps' edges are sampled; maxRSS below
  // is the kernel's own high-water mark and catches what happens in between.
  sampleMemory();
  const rssBefore = process.memoryUsage().rss;

  const load = loadavg()[0].toFixed(2);
  const seed = generateSeed();
  const draw = timed(() =>
    drawProof({ kind: 'raffle', dropId: randomUUID(), seed, entries, units, drawnAt: new Date() }),
  );
  const json = timed(() => JSON.stringify(draw.value));
  const bytes = Buffer.byteLength(json.value);
  const digest = createHash('sha256').update(json.value).digest('hex').slice(0, 16);
  const verify = timed(() => verifyProof(JSON.parse(json.value)));
  if (!verify.value.matches) {
    throw new Error(`the proof did not verify: ${verify.value.problems.join('; ')}`);
  }
  const maxRss = process.resourceUsage().maxRSS * 1024;

  const lines = [
    `entries            ${flags.entries.toLocaleString('en')} (${flags.variants} variants, ${flags.units} units)`,
    `draw + proof       ${fmt(draw.seconds)}  (canonical list, hash, HMAC order, winners)`,
    `serialise proof    ${fmt(json.seconds)}  (${mib(bytes)} of JSON, sha256 ${digest}…)`,
    `verify proof       ${fmt(verify.seconds)}  (parse + recompute, as verify:fairness)`,
    `winners            ${draw.value.result?.winners?.length ?? 0}`,
    `peak RSS (maxRSS)  ${mib(maxRss)}  (${mib(rssBefore)} before the draw, entries included)`,
    `peak heap sampled  ${mib(peakHeap)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  appendResults(
    [
      `### bench:raffle — ${date}`,
      '',
      `- Command: \`${commandLine('bench:raffle', argv)}\``,
      `- Date: ${date} · commit \`${currentCommit()}\``,
      `- Machine: ${availableParallelism()} CPUs (nproc) · ${cpus()[0]?.model.trim() ?? 'unknown'} · ` +
        `${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.version} · load average ${load} when the run started`,
      "- One process, one core: `drawProof` (the worker's draw, over entries read `ORDER BY id` as " +
        'the worker reads them) then `JSON.stringify` (the fairness endpoint) then `verifyProof` ' +
        'on the parsed JSON (the verifier). One HMAC-SHA256 per entry is most of the time.',
      '',
      '| entries | variants | units | draw + proof | serialise | proof size | verify | peak RSS (maxRSS) | RSS before draw |',
      '| ------: | -------: | ----: | -----------: | --------: | ---------: | -----: | ----------------: | --------------: |',
      `| ${flags.entries.toLocaleString('en')} | ${flags.variants} | ${flags.units} | ${fmt(draw.seconds)} | ` +
        `${fmt(json.seconds)} | ${mib(bytes)} | ${fmt(verify.seconds)} | ${mib(maxRss)} | ${mib(rssBefore)} |`,
    ].join('\n'),
  );
  process.stdout.write('Appended to docs/benchmarks.md\n');
}

main();
