// `npm run admin:create -- --email ada@example.com [--name Ada]` (or, from a build,
// `node dist/scripts/create-admin.js …`): makes the first platform admin, or promotes an
// existing account. The password comes from ADMIN_PASSWORD, a pipe, or a hidden prompt; never
// from the command line, where it would sit in the shell history and the process list.
//
// With DATABASE_URL unset it uses the embedded Postgres of a running `npm start`.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { IdentityModule, IdentityService } from '@limited-run/identity';
import { DomainError, PlatformModule, reportBootFailure } from '@limited-run/platform';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { isEmail } from 'class-validator';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  EMBEDDED_DATABASE_NAME,
  embeddedPostgresDir,
  projectRoot,
  runningEmbeddedPostgresUrl,
  setting,
} from './dev-services';

@Module({ imports: [PlatformModule.forRoot(), IdentityModule] })
class AdminCliModule {}

const USAGE =
  'usage: npm run admin:create -- --email <address> [--name <display name>]\n' +
  '       password from ADMIN_PASSWORD, standard input, or a prompt (at least 10 characters)';

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
  const { values } = parseArgs({
    options: { email: { type: 'string' }, name: { type: 'string' } },
    strict: true,
  });
  const email = values.email?.trim().toLowerCase();
  if (!email || !isEmail(email)) throw new UsageError('--email must be an email address');
  const root = projectRoot(__dirname);
  if (existsSync(join(root, '.env'))) process.loadEnvFile(join(root, '.env'));
  if (!setting(process.env.DATABASE_URL)) {
    const embedded = runningEmbeddedPostgresUrl(embeddedPostgresDir(root), EMBEDDED_DATABASE_NAME);
    if (!embedded) {
      throw new UsageError(
        'DATABASE_URL is not set and no `npm start` embedded Postgres is running',
      );
    }
    process.env.DATABASE_URL = embedded;
  }
  const password = await readPassword();
  if (password && (password.length < 10 || password.length > 128)) {
    throw new UsageError('the password must be 10 to 128 characters long');
  }

  const app = await NestFactory.createApplicationContext(AdminCliModule, {
    logger: ['error'],
    abortOnError: false,
  });
  try {
    const { user, created } = await app.get(IdentityService).ensureAdmin({
      email,
      displayName: values.name?.trim() || email.split('@')[0],
      password: password || undefined,
    });
    process.stdout.write(
      `${created ? 'created admin' : 'promoted to admin'}: ${user.email} (${user.id})\n`,
    );
  } finally {
    await app.close();
  }
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof DomainError) {
    process.stderr.write(`admin:create: ${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  reportBootFailure('admin:create')(error);
});
