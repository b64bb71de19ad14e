// The load generators of bench:drop, each started pinned to the load CPUs and bounded in time:
// wrk (closed loop, Debian's package) with bench/wrk/holds.lua, and the open-loop generator
// (bench/open-loop-runner.ts).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenLoopJob, OpenLoopResult } from '../open-loop-runner';
import { childEnvironment } from './environment';
import { exitCode, type Started, startProcess, TS_NODE } from './processes';

export interface WrkResult {
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  statuses: Record<string, number>;
}

export interface HoldLoad {
  origin: string;
  path: string;
  tokensFile: string;
  variantIds: string[];
}

export interface Pinning {
  loadCpus: string;
  workDir: string;
  cwd: string;
}

interface WrkJson {
  requests: number;
  durationUs: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  maxUs: number;
  connectErrors: number;
  readErrors: number;
  writeErrors: number;
  timeouts: number;
  statuses: Record<string, number>;
}

/** Starts wrk; `started` is called with the process so its CPU can be read while it runs. */
export async function runWrk(
  load: HoldLoad,
  options: Pinning & { connections: number; seconds: number; tag: string },
  started: (proc: Started) => void,
): Promise<WrkResult> {
  const proc = startProcess({
    name: `wrk-${options.tag}`,
    command: 'wrk',
    cpus: options.loadCpus,
    args: [
      '-t1',
      `-c${options.connections}`,
      `-d${options.seconds}s`,
      '--timeout',
      '10s',
      '-s',
      join(__dirname, '../wrk/holds.lua'),
      load.origin,
      '--',
      load.tokensFile,
      load.path,
      load.variantIds.join(','),
      options.tag,
    ],
    env: childEnvironment({}),
    cwd: options.cwd,
    logFile: join(options.workDir, 'wrk.log'),
  });
  started(proc);
  const backstop = setTimeout(() => void proc.stop(1000), (options.seconds + 30) * 1000);
  const code = await exitCode(proc);
  clearTimeout(backstop);
  const line = proc.tail.find((l) => l.startsWith('WRKJSON '));
  if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}):\n${proc.tail.join('\n')}`);
  const r = JSON.parse(line.slice('WRKJSON '.length)) as WrkJson;
  const seconds = r.durationUs / 1e6;
  return {
    requests: r.requests,
    seconds,
    rps: r.requests / seconds,
    p50Ms: r.p50Us / 1000,
    p90Ms: r.p90Us / 1000,
    p99Ms: r.p99Us / 1000,
    maxMs: r.maxUs / 1000,
    errors: r.connectErrors + r.readErrors + r.writeErrors + r.timeouts,
    statuses: r.statuses,
  };
}

export async function runOpenLoop(
  load: HoldLoad,
  options: Pinning & {
    ratePerSecond: number;
    seconds: number;
    warmupSeconds: number;
    connections: number;
    tag: string;
  },
  started: (proc: Started) => void,
): Promise<OpenLoopResult> {
  const job: OpenLoopJob = {
    ...load,
    ratePerSecond: options.ratePerSecond,
    durationSeconds: options.seconds,
    warmupSeconds: options.warmupSeconds,
    connections: options.connections,
    timeoutMs: 10_000,
    resultFile: join(options.workDir, `open-loop-${options.tag}.result.json`),
    traceFile: join(options.workDir, `open-loop-${options.tag}.trace.csv`),
  };
  const jobFile = join(options.workDir, `open-loop-${options.tag}.job.json`);
  writeFileSync(jobFile, JSON.stringify(job));
  const proc = startProcess({
    name: `open-loop-${options.tag}`,
    cpus: options.loadCpus,
    args: [...TS_NODE, join(__dirname, '../open-loop-runner.ts'), jobFile],
    env: childEnvironment({}),
    cwd: options.cwd,
    logFile: join(options.workDir, 'open-loop.log'),
  });
  started(proc);
  const backstop = setTimeout(
    () => void proc.stop(1000),
    (options.warmupSeconds + options.seconds + 60) * 1000,
  );
  const code = await exitCode(proc);
  clearTimeout(backstop);
  if (code !== 0 || !existsSync(job.resultFile)) {
    throw new Error(`open-loop generator failed (exit ${code}):\n${proc.tail.join('\n')}`);
  }
  return JSON.parse(readFileSync(job.resultFile, 'utf8')) as OpenLoopResult;
}
