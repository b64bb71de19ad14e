// Boots the real apps for end-to-end tests, each file on its own cloned database.
import { createHttpApp } from '@limited-run/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { API_HTTP_OPTIONS } from '../../apps/api/src/api-http-options';
import { ApiModule } from '../../apps/api/src/api.module';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { harnessValue } from './test-services';

/** Creates this file's database as a copy of the migrated template (cheap: a file copy). */
export async function createTestDatabase(url = process.env.DATABASE_URL ?? ''): Promise<string> {
  const name = new URL(url).pathname.slice(1);
  const admin = new Client({ connectionString: harnessValue('adminUrl') });
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${harnessValue('templateDb')}"`);
        return url;
      } catch (error) {
        // Postgres refuses to copy a template while another session is copying it too.
        const busy = /being accessed by other users/.test(String(error));
        if (!busy || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  } finally {
    await admin.end();
  }
}

export async function connectTestDatabase(url = process.env.DATABASE_URL ?? ''): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

/** The API as `main.ts` builds it, initialised but not listening (supertest drives it). */
export async function startApi(): Promise<NestFastifyApplication> {
  const app = await createHttpApp(ApiModule, API_HTTP_OPTIONS);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** The worker as `main.ts` builds it: its Bull processors start consuming on init. */
export async function startWorker(): Promise<NestFastifyApplication> {
  const app = await createHttpApp(WorkerModule);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface ApiOnTestDatabase {
  app: NestFastifyApplication;
  db: Client;
}

/**
 * The usual e2e file: this file's database cloned from the template, a client on it for
 * assertions, and the API on top; closed after the file's tests.
 */
export function useApiOnTestDatabase(): ApiOnTestDatabase {
  const context = {} as ApiOnTestDatabase;
  beforeAll(async () => {
    await createTestDatabase();
    context.db = await connectTestDatabase();
    context.app = await startApi();
  });
  afterAll(async () => {
    await context.app?.close();
    await context.db?.end();
  });
  return context;
}
