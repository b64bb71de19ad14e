// Reads every process's CPU time from /proc once a second and says how much went to processes
// that are neither ours nor set aside: `node -r ts-node/register/transpile-only
// bench/foreign-probe.ts <our root pids> <set-aside root pids> <max seconds>`, pid lists
// comma-separated ("-" for none), each pid standing for itself and its descendants; run under
// `taskset` on the load generator's CPU (bench/support/foreign-probes.ts starts it).
//
// Output, one line a second: `FOREIGN <from epoch ms> <to epoch ms> <foreign ms> <set-aside ms>
// <name=ms,…>` (bench/support/foreign-cpu.ts). A reading of ~110 processes takes ~5 ms of one
// CPU. The probe ends at SIGTERM, or by itself after <max seconds>.
import { readdirSync } from 'node:fs';
import { foreignBetween, foreignLine, type Owner } from './support/foreign-cpu';
import { type ProcStat, readProcStat, TICKS_PER_SECOND } from './support/proc-cpu';

const pids = (arg: string | undefined): number[] =>
  !arg || arg === '-' ? [] : arg.split(',').map(Number);
const roots = new Map<number, Exclude<Owner, 'foreign'>>([
  ...pids(process.argv[2]).map((pid) => [pid, 'ours'] as const),
  ...pids(process.argv[3]).map((pid) => [pid, 'aside'] as const),
]);
const maxSeconds = Number(process.argv[4]);

function readAll(): Map<number, ProcStat> {
  const reading = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // Undefined if it ended between the listing and the read: its ticks are its parent's now.
    const stat = readProcStat(Number(entry));
    if (stat) reading.set(stat.pid, stat);
  }
  return reading;
}

let before = readAll();
let fromMs = Date.now();
const readEachSecond = (): void => {
  const after = readAll();
  const toMs = Date.now();
  process.stdout.write(
    `${foreignLine(foreignBetween(before, after, roots, { fromMs, toMs }, TICKS_PER_SECOND))}\n`,
  );
  before = after;
  fromMs = toMs;
  // On the second's boundary, so a line's second is the wall clock's (a few ms after it).
  setTimeout(readEachSecond, 1000 - (Date.now() % 1000) + 2);
};
setTimeout(readEachSecond, 1000 - (Date.now() % 1000) + 2);
setTimeout(() => process.exit(0), maxSeconds * 1000).unref();
process.on('SIGTERM', () => process.exit(0));
