// Boots the real apps for end-to-end tests, each file on its own cloned database.
import { createHttpApp } from '@limited-run/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { API_HTTP_OPTIONS } from '../../apps/api/src/api-http-options';
import { ApiModule } from '../../apps/api/src/api.module';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startPaymentsHarness, type PaymentsHarness } from './payments';
import { harnessValue } from './test-services';

export { eventually } from './eventually';

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

export interface ApiOnTestDatabase {
  app: NestFastifyApplication;
  db: Client;
  /** Only with `{ worker: true }` or `{ workers: n }` (the first of them). */
  worker: NestFastifyApplication;
  /** Only with `{ workers: n }`: n worker processes' worth of consumers on the same queues. */
  workers: NestFastifyApplication[];
  /** Only with `{ payments: true }`: the Stripe stand-in and SMTP catcher, the API listening. */
  payments: PaymentsHarness;
}

export interface StackOptions {
  /** Let the API listen on a loopback port (for streams and browsers), before the worker starts. */
  listen?: boolean;
  /** Also start the worker (Bull processors consuming), after the API. */
  worker?: boolean;
  /** Start this many workers instead of one (two workers racing for the same jobs). */
  workers?: number;
  /** Also start the payments harness on the API (import './env/payments-offline' first). */
  payments?: boolean;
}

/**
 * The one boot for e2e files: this file's database cloned from the template, a client on it
 * for assertions, the API on top and, when asked, the worker and the payments harness; closed
 * in reverse order after the file's tests. Hooks the file declares after this call run after
 * these (Jest runs `beforeAll` and `afterAll` hooks in declaration order).
 */
export function useApiOnTestDatabase(options: StackOptions = {}): ApiOnTestDatabase {
  const context = {} as ApiOnTestDatabase;
  beforeAll(async () => {
    await createTestDatabase();
    context.db = await connectTestDatabase();
    context.app = await startApi();
    if (options.listen) await context.app.listen({ port: 0, host: '127.0.0.1' });
    context.workers = [];
    const workers = options.workers ?? (options.worker ? 1 : 0);
    for (let i = 0; i < workers; i++) context.workers.push(await startWorker());
    context.worker = context.workers[0];
    if (options.payments) context.payments = await startPaymentsHarness(context.app);
  });
  afterAll(async () => {
    await context.payments?.stop();
    for (const worker of context.workers ?? []) await worker.close();
    await context.app?.close();
    await context.db?.end();
  });
  return context;
}
