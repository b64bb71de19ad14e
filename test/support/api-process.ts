// The API as a real child process (ts-node, like a developer's run), for tests about what a
// process prints or about several processes sharing Postgres and Redis.
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../scripts/dev-services';
import { eventually } from './eventually';

export interface ApiProcess {
  url: string;
  /** Every complete stdout line so far (JSON log lines). */
  lines: string[];
  stop: () => void;
  /** Kills the process without letting it clean up (SIGKILL), as a crash would. */
  crash: () => void;
}

/** Starts `apps/api/src/main.ts` on a free port with this file's environment plus `env`. */
export async function spawnApi(env: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      'apps/api/src/main.ts',
    ],
    {
      cwd: join(__dirname, '../..'),
      env: { ...process.env, API_PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines: string[] = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const complete = buffer.split('\n');
    buffer = complete.pop() ?? '';
    lines.push(...complete.filter(Boolean));
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = (): void => void child.kill('SIGTERM');
  try {
    await eventually(async () => {
      const res = await fetch(`${url}/health/live`).catch(() => undefined);
      return res?.ok ? true : undefined;
    }, 90_000);
  } catch (error) {
    stop();
    throw error;
  }
  return { url, lines, stop, crash: () => void child.kill('SIGKILL') };
}
