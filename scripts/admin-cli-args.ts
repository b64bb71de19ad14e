// What `npm run admin:create` accepts, checked before anything connects to a database.
import { parseArgs } from 'node:util';
import { isEmail } from 'class-validator';

export const ADMIN_USAGE =
  'usage: npm run admin:create -- --email <address> [--name <display name>]\n' +
  '       password from ADMIN_PASSWORD, standard input, or a prompt (at least 10 characters)';

export class AdminUsageError extends Error {}

export interface AdminArguments {
  email: string;
  name: string;
}

export function parseAdminArguments(argv: string[]): AdminArguments {
  let values: { email?: string; name?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { email: { type: 'string' }, name: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    throw new AdminUsageError((error as Error).message);
  }
  const email = values.email?.trim().toLowerCase();
  if (!email || !isEmail(email)) throw new AdminUsageError('--email must be an email address');
  return { email, name: values.name?.trim() || email.split('@')[0] };
}

/** An empty password keeps an existing account's; a new one must be 10 to 128 characters. */
export function checkAdminPassword(password: string): string | undefined {
  if (!password) return undefined;
  if (password.length < 10 || password.length > 128) {
    throw new AdminUsageError('the password must be 10 to 128 characters long');
  }
  return password;
}
