import { spawn } from 'node:child_process';
import { join } from 'node:path';

// Spawns apps through ts-node, which compiles their imports on each start: slow on a busy machine.
jest.setTimeout(180_000);

const root = join(__dirname, '..');

/** Starts an app entry point the way a developer would, with the given environment only. */
function boot(
  entry: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry],
      // A clean environment: nothing inherited can mask the variables under test.
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('a bad configuration refuses to start', () => {
  it('the API exits 1 and names every offending variable', async () => {
    const { code, stderr } = await boot('apps/api/src/main.ts', {
      API_PORT: 'eighty',
      REDIS_URL: 'localhost:6379',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('Invalid configuration (4 problems)');
    expect(stderr).toContain('DATABASE_URL: is required');
    expect(stderr).toContain('JWT_SECRET: is required');
    expect(stderr).toContain('API_PORT: must be an integer number (got "eighty")');
    expect(stderr).toMatch(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
  });

  it('the worker exits 1 too', async () => {
    const { code, stderr } = await boot('apps/worker/src/main.ts', {
      DATABASE_URL: 'mysql://nope',
      WORKER_PORT: '70000',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('DATABASE_URL: must be a postgres:// URL (got "mysql://nope")');
    expect(stderr).toMatch(/WORKER_PORT: must not be greater than 65535/);
  });
});
