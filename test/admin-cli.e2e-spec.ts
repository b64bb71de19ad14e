import { spawn } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { createAccount, login } from './support/accounts';
import { useApiOnTestDatabase } from './support/test-app';

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run admin:create`'s script as a developer would, on this file's database. */
function adminCreate(
  args: string[],
  env: Record<string, string> = {},
  stdin = '',
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'scripts/create-admin.ts',
        ...args,
      ],
      { cwd: join(__dirname, '..'), env: { ...process.env, ...env }, stdio: 'pipe' },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(stdin);
    // ts-node compiles the script's imports on every run: slow on a busy machine.
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

// Each test spawns the command through ts-node, which compiles its imports on every run.
jest.setTimeout(180_000);

describe('the first admin comes from the admin:create command', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());

  it('creates an admin who can sign in and administer; the password never appears in the output', async () => {
    const result = await adminCreate(['--email', 'Root@Example.com', '--name', 'Root'], {
      ADMIN_PASSWORD: 'a long admin password',
    });
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(/created admin: root@example\.com \([0-9a-f-]{36}\)/);
    expect(result.stdout + result.stderr).not.toContain('a long admin password');

    const admin = await login(ctx.app, 'root@example.com', 'a long admin password');
    await http().get('/admin/users').set('authorization', admin.bearer).expect(200);
    const { rows } = await ctx.db.query<{ action: string; actor_user_id: string | null }>(
      `SELECT action, actor_user_id FROM audit_events WHERE action LIKE 'user.%admin'`,
    );
    expect(rows).toEqual([{ action: 'user.create_admin', actor_user_id: null }]);
  });

  it('promotes an existing fan, taking the password from a pipe, and is idempotent', async () => {
    const fan = await createAccount(ctx.app, ctx.db, { email: 'later-admin@example.com' });
    await http().get('/admin/users').set('authorization', fan.bearer).expect(403);
    const first = await adminCreate(['--email', fan.email], {}, 'piped new password\n');
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain('promoted to admin: later-admin@example.com');
    const again = await adminCreate(['--email', fan.email], {}, 'piped new password\n');
    expect(again.code).toBe(0);

    const admin = await login(ctx.app, fan.email, 'piped new password');
    await http().get('/admin/users').set('authorization', admin.bearer).expect(200);
    const { rows } = await ctx.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM users WHERE email = $1`,
      [fan.email],
    );
    expect(Number(rows[0].n)).toBe(1);
  });

  it('a new account without a password → exit 2 with usage, nothing written', async () => {
    const before = await ctx.db.query<{ n: string }>('SELECT count(*) AS n FROM users');
    const result = await adminCreate(['--email', 'new@example.com']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/needs a password/);
    expect(result.stderr).toContain('usage: npm run admin:create');
    const after = await ctx.db.query<{ n: string }>('SELECT count(*) AS n FROM users');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});
