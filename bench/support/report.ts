// Where a benchmark run came from, and the file its results go to.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

export const BENCHMARKS_FILE = join(__dirname, '../../docs/benchmarks.md');

export interface MachineFacts {
  commit: string;
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  /** 1-minute load average when the facts were taken: other work on the machine skews results. */
  load: string;
  node: string;
  postgres: string;
  redis?: string;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .replace(/\s+/g, ' ');
  } catch {
    return 'unknown';
  }
}

/** The short commit, marked `+dirty` when the working tree differs from it. */
export function currentCommit(): string {
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';
  return dirty ? `${commit}+dirty` : commit;
}

export function machineFacts(postgresVersion: string, redisVersion?: string): MachineFacts {
  return {
    commit: currentCommit(),
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    load: loadavg()[0].toFixed(2),
    node: process.version,
    postgres: postgresVersion,
    redis: redisVersion,
  };
}

export function factsLines(facts: MachineFacts, command: string): string[] {
  return [
    `- Command: \`${command}\``,
    `- Date: ${facts.date} · commit \`${facts.commit}\``,
    `- Machine: ${facts.cpus} CPUs (nproc) · ${facts.cpuModel} · ${facts.memoryGiB} GiB · Node ${facts.node}` +
      ` · PostgreSQL ${facts.postgres}` +
      (facts.redis ? ` · Redis ${facts.redis}` : '') +
      ` · load average ${facts.load} when the run started`,
  ];
}

/**
 * Appends a section to docs/benchmarks.md (the header is kept by hand; this only appends), then
 * formats the file as `npm run lint` expects.
 */
export function appendResults(markdown: string): void {
  if (!existsSync(BENCHMARKS_FILE)) writeFileSync(BENCHMARKS_FILE, '# Benchmarks\n');
  appendFileSync(BENCHMARKS_FILE, `\n${markdown.trimEnd()}\n`);
  try {
    execFileSync(
      join(__dirname, '../../node_modules/.bin/prettier'),
      ['--write', BENCHMARKS_FILE],
      {
        stdio: 'ignore',
      },
    );
  } catch {
    // Unformatted results are still results; `npm run format` fixes the layout.
  }
}

/** `npm run <script> -- <args>` as typed, for the results file. */
export function commandLine(script: string, argv: readonly string[]): string {
  return argv.length > 0 ? `npm run ${script} -- ${argv.join(' ')}` : `npm run ${script}`;
}
