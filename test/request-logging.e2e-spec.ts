import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../scripts/dev-services';
import { createTestDatabase, eventually } from './support/test-app';

/** The API as a real process, so the test reads exactly what it writes to stdout. */
describe('logs are JSON lines carrying the request id', () => {
  let api: ChildProcess;
  let port: number;
  const lines: string[] = [];

  beforeAll(async () => {
    await createTestDatabase();
    port = await freePort();
    api = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'apps/api/src/main.ts',
      ],
      {
        cwd: join(__dirname, '..'),
        env: { ...process.env, API_PORT: String(port), LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let buffer = '';
    api.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const complete = buffer.split('\n');
      buffer = complete.pop() ?? '';
      lines.push(...complete.filter(Boolean));
    });
    await eventually(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => undefined);
      return res?.ok ? true : undefined;
    }, 25_000);
  });

  afterAll(() => {
    api?.kill('SIGTERM');
  });

  it('logs each request once, under the id the client sent or one it was given, and never the password', async () => {
    const signUp = await fetch(`http://127.0.0.1:${port}/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-logs-1' },
      body: JSON.stringify({
        email: 'log@example.com',
        password: 'hunter2 hunter2',
        displayName: 'Log',
      }),
    });
    expect(signUp.status).toBe(201);
    const missing = await fetch(`http://127.0.0.1:${port}/no-such-route`);
    const givenId = missing.headers.get('x-request-id');
    expect(givenId).toMatch(/^[0-9a-f-]{36}$/);

    type Entry = { req?: { id: string; url: string }; msg: string };
    const completedFor = (id: string | null): Entry[] =>
      lines
        .map((l) => JSON.parse(l) as Entry)
        .filter((e) => e.msg === 'request completed' && e.req?.id === id);
    await eventually(() => Promise.resolve(completedFor(givenId).length > 0 ? true : undefined));
    expect(completedFor('trace-logs-1').map((e) => e.req?.url)).toEqual(['/auth/signup']);
    expect(completedFor(givenId).map((e) => e.req?.url)).toEqual(['/no-such-route']);
    expect(lines.every((l) => l.startsWith('{'))).toBe(true);
    expect(lines.join('\n')).not.toContain('hunter2');
  });
});
