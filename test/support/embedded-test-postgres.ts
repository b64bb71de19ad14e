// Fallback when no Postgres answers: the same embedded Postgres `npm start` uses (root handling,
// data-dir permissions, free port), on a throwaway cluster for this run.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedPostgres, type StartedService } from '../../scripts/dev-services';

interface Holder {
  __lrEmbeddedPostgres?: StartedService & { dataDir: string };
}

export async function startEmbeddedTestPostgres(): Promise<string> {
  const dataDir = join(__dirname, '../../.data', `test-postgres-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  const quiet = (): void => undefined;
  const postgres = await startEmbeddedPostgres({
    dataDir,
    database: 'postgres',
    report: { note: (line) => process.stdout.write(`${line}\n`), echo: quiet },
  });
  // Global teardown runs in this same process and stops it.
  (globalThis as Holder).__lrEmbeddedPostgres = { stop: postgres.stop, dataDir };
  return postgres.url;
}

export async function stopEmbeddedTestPostgres(): Promise<void> {
  const holder = globalThis as Holder;
  const running = holder.__lrEmbeddedPostgres;
  if (!running) return;
  await running.stop();
  rmSync(running.dataDir, { recursive: true, force: true });
  holder.__lrEmbeddedPostgres = undefined;
}
