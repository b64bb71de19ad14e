// `npm run admin:create -- --email ada@example.com [--name Ada]` (or, from a build,
// `node dist/scripts/create-admin.js …`): makes the first platform admin, or promotes an
// existing account. The password comes from ADMIN_PASSWORD, a pipe, or a hidden prompt; never
// from the command line, where it would sit in the shell history and the process list.
//
// With DATABASE_URL unset it uses the embedded Postgres of a running `npm start`.
import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { IdentityModule, IdentityService } from '@limited-run/identity';
import { DomainError, PlatformModule, reportBootFailure } from '@limited-run/platform';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ADMIN_USAGE,
  AdminUsageError,
  checkAdminPassword,
  parseAdminArguments,
} from './admin-cli-args';
import {
  EMBEDDED_DATABASE_NAME,
  embeddedPostgresDir,
  projectRoot,
  runningEmbeddedPostgresUrl,
  setting,
} from './dev-services';

/**
 * Built only once DATABASE_URL is settled: `PlatformModule.forRoot()` validates the environment
 * when it is called, so a module declared at the top of this file would refuse an unset
 * DATABASE_URL before `main()` could point it at the embedded Postgres.
 */
function adminCliModule(): new () => object {
  @Module({ imports: [PlatformModule.forRoot(), IdentityModule] })
  class AdminCliModule {}
  return AdminCliModule;
}

async function readPassword(): Promise<string> {
  const fromEnv = setting(process.env.ADMIN_PASSWORD);
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    let piped = '';
    for await (const chunk of process.stdin) piped += String(chunk);
    return piped.replace(/\r?\n$/, '');
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  process.stdout.write("Password (hidden; empty keeps an existing account's password): ");
  // Swallow the echo of what is typed.
  (prompt as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  const answer = await new Promise<string>((resolve) => prompt.question('', resolve));
  prompt.close();
  process.stdout.write('\n');
  return answer;
}

async function main(): Promise<void> {
  const { email, name } = parseAdminArguments(process.argv.slice(2));
  // LIMITED_RUN_ROOT: another checkout's `npm start` (and the test that proves this works).
  const root = setting(process.env.LIMITED_RUN_ROOT) ?? projectRoot(__dirname);
  if (existsSync(join(root, '.env'))) process.loadEnvFile(join(root, '.env'));
  if (!setting(process.env.DATABASE_URL)) {
    const embedded = runningEmbeddedPostgresUrl(embeddedPostgresDir(root), EMBEDDED_DATABASE_NAME);
    if (!embedded) {
      throw new AdminUsageError(
        'DATABASE_URL is not set and no `npm start` embedded Postgres is running',
      );
    }
    process.env.DATABASE_URL = embedded;
  }
  const password = checkAdminPassword(await readPassword());

  const app = await NestFactory.createApplicationContext(adminCliModule(), {
    logger: ['error'],
    abortOnError: false,
  });
  try {
    const { user, created } = await app.get(IdentityService).ensureAdmin({
      email,
      displayName: name,
      password,
    });
    process.stdout.write(
      `${created ? 'created admin' : 'promoted to admin'}: ${user.email} (${user.id})\n`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof AdminUsageError || error instanceof DomainError) {
    process.stderr.write(`admin:create: ${error.message}\n${ADMIN_USAGE}\n`);
    process.exit(2);
  }
  reportBootFailure('admin:create')(error);
});
