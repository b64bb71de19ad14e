// Processes a benchmark starts: each one tracked by its PID and stopped by that PID, never by
// name. A crash of the benchmark itself still takes them down (the exit hook below).
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { closed, delay, hasExited, stopChild } from '../../scripts/dev-services';

/** Node arguments that run a TypeScript file of the benchmarks (no type check: speed). */
export const TS_NODE = ['-r', 'ts-node/register/transpile-only'];

export interface Started {
  name: string;
  pid: number;
  child: ChildProcess;
  /** The last lines it printed (stdout and stderr), for explaining a failure. */
  tail: string[];
  stop(graceMs?: number): Promise<void>;
}

const started = new Set<Started>();

process.on('exit', () => {
  for (const proc of started) if (!hasExited(proc.child)) proc.child.kill('SIGKILL');
});

export interface StartOptions {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Every line it prints is also appended here. */
  logFile: string;
  /** Called with each stdout line (e.g. progress to show). */
  onLine?: (line: string) => void;
  /** CPUs to pin it to (`taskset -c`, e.g. "0" or "0,1"); unset: wherever the kernel likes. */
  cpus?: string;
  /** The program to run; unset: this Node. */
  command?: string;
}

export function startProcess(options: StartOptions): Started {
  const command = options.command ?? process.execPath;
  // taskset execs the command, so the PID is still the command's own.
  const [file, args] = options.cpus
    ? ['taskset', ['-c', options.cpus, command, ...options.args]]
    : [command, options.args];
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${options.name}`);
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const tail: string[] = [];
  const keep = (line: string): void => {
    log.write(`${line}\n`);
    tail.push(line);
    if (tail.length > 40) tail.shift();
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    keep(line);
    options.onLine?.(line);
  });
  createInterface({ input: child.stderr }).on('line', keep);
  const proc: Started = {
    name: options.name,
    pid: child.pid,
    child,
    tail,
    stop: async (graceMs = 15_000) => {
      await stopChild(child, 'SIGTERM', graceMs);
      started.delete(proc);
      log.end();
    },
  };
  started.add(proc);
  return proc;
}

/** Stops everything still running, newest first. */
export async function stopAll(): Promise<void> {
  for (const proc of [...started].reverse()) await proc.stop();
}

/** Polls `url` until it answers 2xx; fails early if the process dies. */
export async function waitHealthy(proc: Started, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited(proc.child)) {
      throw new Error(`${proc.name} exited while starting:\n${proc.tail.join('\n')}`);
    }
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) })
      .then((res) => res.ok)
      .catch(() => false);
    if (ok) return;
    await delay(250);
  }
  throw new Error(`${proc.name} did not answer ${url} within ${timeoutMs} ms`);
}

/** Resolves with the process's exit code once it ends by itself. */
export async function exitCode(proc: Started): Promise<number | null> {
  await closed(proc.child);
  started.delete(proc);
  return proc.child.exitCode;
}

/** A Node process (see startProcess). */
export const startNode = startProcess;
