// The reading side of count-statements.cjs: asks processes for their counts and subtracts two
// readings, so a phase's statements are counted without the set-up before it.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { delay } from '../../scripts/dev-services';

/** Statement text (whitespace folded, first 120 characters) → how many were sent. */
export type StatementCounts = Map<string, number>;

export const COUNTER_PRELOAD = resolve(__dirname, 'count-statements.cjs');

/** The environment that makes a child process count its statements into `dir`. */
export function countingEnvironment(
  dir: string,
  nodeOptions: string | undefined,
): Record<string, string> {
  return {
    LR_BENCH_STATEMENTS_DIR: dir,
    NODE_OPTIONS: [nodeOptions, `-r ${COUNTER_PRELOAD}`].filter(Boolean).join(' '),
  };
}

/** Each process's counts so far, summed (they write their file when signalled). */
export async function readStatementCounts(dir: string, pids: number[]): Promise<StatementCounts> {
  const asked = Date.now();
  const files: string[] = [];
  for (const pid of pids) {
    const file = join(dir, `${pid}.json`);
    rmSync(file, { force: true });
    try {
      process.kill(pid, 'SIGWINCH');
      files.push(file);
    } catch {
      // Ended since the process tree was read: it has nothing more to count.
    }
  }
  const total: StatementCounts = new Map();
  for (const file of files) {
    while (!existsSync(file)) {
      if (Date.now() - asked > 10_000) throw new Error(`no statement counts in ${file}`);
      await delay(20);
    }
    const counts = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
    for (const [text, n] of Object.entries(counts)) total.set(text, (total.get(text) ?? 0) + n);
  }
  return total;
}

/** What was sent between two readings, most frequent first. */
export function countsBetween(before: StatementCounts, after: StatementCounts): [string, number][] {
  return [...after]
    .map(([text, n]): [string, number] => [text, n - (before.get(text) ?? 0)])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
}
