// The API as API_PROCESSES processes sharing one port (node:cluster): the primary only accepts
// connections and hands them to the workers round-robin; each worker is the whole API
// (apps/api/src/main.ts). Everything the API shares between requests lives in Postgres and
// Redis, so processes need nothing from each other. API_PROCESSES unset or 1: just the API.
// If a worker dies the primary stops the others and exits non-zero, for the supervisor
// (scripts/dev.ts, systemd, Kubernetes) to restart the whole set.
import cluster from 'node:cluster';

/** API_PROCESSES: a whole number from 1 to 64; anything else refuses to start. */
export function apiProcesses(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new Error(`API_PROCESSES must be a whole number from 1 to 64, got "${value}"`);
  }
  return n;
}

function runPrimary(processes: number): void {
  cluster.schedulingPolicy = cluster.SCHED_RR;
  let stopping = false;
  const stopAll = (signal: NodeJS.Signals): void => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  for (let i = 0; i < processes; i++) cluster.fork({ API_PROCESS_INDEX: String(i) });
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping) {
      process.stderr.write(
        `api process ${worker.process.pid} exited (${signal ?? code}); stopping the others\n`,
      );
      process.exitCode = 1;
      stopAll('SIGTERM');
    }
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stopAll(signal));
}

function start(): void {
  let processes: number;
  try {
    // Read before any module (and so before PlatformConfig) loads: the primary never boots Nest.
    // eslint-disable-next-line no-restricted-properties
    processes = apiProcesses(process.env.API_PROCESSES);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  if (processes > 1 && cluster.isPrimary) runPrimary(processes);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only in a worker (or alone)
  else require('./main');
}

if (require.main === module) start();
