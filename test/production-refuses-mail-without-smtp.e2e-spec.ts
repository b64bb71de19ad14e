import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase } from './support/test-app';

// Spawns the app through ts-node, which compiles its imports on start: slow on a busy machine.
jest.setTimeout(180_000);

const root = join(__dirname, '..');

function boot(
  entry: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry],
      { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('in production, mail without an SMTP server is a startup error', () => {
  beforeAll(() => createTestDatabase());

  it('the worker exits 1 naming SMTP_URL instead of writing mail to its log', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      SMTP_URL: '',
      WORKER_PORT: '0',
      LOG_LEVEL: 'warn',
    };
    const { code, stderr } = await boot('apps/worker/src/main.ts', env);
    expect(code).toBe(1);
    expect(stderr).toContain('SMTP_URL: is required in production');
  });
});
