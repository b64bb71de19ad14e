// The ceiling the drop benchmark compares against: a bare `node:http` server that answers a hold
// request with nothing but one Redis Lua call of the same shape as the admission gate's (replay
// check, per-fan limit, check-and-decrement of the variant's counter, SET of the idempotency
// key). No framework, no validation, no token verification, no Postgres.
// `node -r ts-node/register/transpile-only bench/bare-redis-server.ts <config.json>`
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Redis from 'ioredis';
import { ADMIT, type AdmitCommands as Commands, DECLINES, fanOf } from './support/admit-script';

export interface BareServerConfig {
  port: number;
  redisUrl: string;
  /** ioredis key prefix, ending in ':'; the benchmark deletes every key under it afterwards. */
  keyPrefix: string;
  dropId: string;
  /** variantId → units. */
  available: Record<string, number>;
  perCustomerLimit: number;
  /** Resets the counters to `available` at start (the first of several servers only). */
  seed: boolean;
}

async function main(): Promise<void> {
  const config = JSON.parse(readFileSync(process.argv[2], 'utf8')) as BareServerConfig;
  const redis = new Redis(config.redisUrl, { keyPrefix: config.keyPrefix });
  redis.defineCommand('benchAdmit', { numberOfKeys: 3, lua: ADMIT });
  const commands = redis as unknown as Commands;
  const slot = `inv:{drop:${config.dropId}}`;
  if (config.seed) {
    await redis.del(`${slot}:avail`, `${slot}:fans`);
    await redis.hset(`${slot}:avail`, config.available);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (status: number, body: unknown): void => {
        const text = JSON.stringify(body);
        res.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
      };
      let input: { variantId?: unknown; quantity?: unknown };
      try {
        input = JSON.parse(Buffer.concat(chunks).toString()) as typeof input;
      } catch {
        return reply(400, { error: { code: 'VALIDATION_FAILED', message: 'bad JSON' } });
      }
      const variantId = String(input.variantId);
      const quantity = Number(input.quantity);
      const fan = fanOf(req.headers.authorization);
      const key = `${slot}:idem:${fan}:${String(req.headers['idempotency-key'])}`;
      commands
        .benchAdmit(
          `${slot}:avail`,
          `${slot}:fans`,
          key,
          variantId,
          String(quantity),
          fan,
          String(config.perCustomerLimit),
          '{}',
        )
        .then(([kind]) => {
          if (kind === 'admitted') {
            const now = new Date();
            return reply(201, {
              holdId: randomUUID(),
              dropId: config.dropId,
              variantId,
              quantity,
              status: 'active',
              expiresAt: new Date(now.getTime() + 600_000).toISOString(),
              createdAt: now.toISOString(),
            });
          }
          const [status, code] = DECLINES[kind] ?? [500, 'UNEXPECTED'];
          reply(status, { error: { code, message: kind } });
        })
        .catch(() => reply(500, { error: { code: 'INTERNAL', message: 'redis failed' } }));
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(config.port, '127.0.0.1', () => process.stdout.write('ready\n'));
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void redis.quit().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
