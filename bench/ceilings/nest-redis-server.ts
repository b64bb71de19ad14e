// A ceiling for bench:drop: NestJS 12 on Fastify answering a hold request with one Redis Lua
// call (the same script as bench/bare-redis-server.ts). No guards, pipes, interceptors, logging,
// helmet or token verification: what the framework itself costs on top of node:http.
// `node -r ts-node/register/transpile-only bench/ceilings/nest-redis-server.ts <config.json>`
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Body, Controller, Headers, Inject, Module, Param, Post, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import Redis from 'ioredis';
import type { BareServerConfig } from '../bare-redis-server';
import { ADMIT, type AdmitCommands, DECLINES, fanOf } from '../support/admit-script';

const CONFIG = Symbol('config');
const REDIS = Symbol('redis');

@Controller()
class HoldsCeilingController {
  constructor(
    @Inject(CONFIG) private readonly config: BareServerConfig,
    @Inject(REDIS) private readonly redis: AdmitCommands,
  ) {}

  @Post('drops/:dropId/holds')
  async hold(
    @Param('dropId') dropId: string,
    @Headers('authorization') authorization: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() input: { variantId?: unknown; quantity?: unknown },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const variantId = String(input?.variantId);
    const quantity = Number(input?.quantity);
    const fan = fanOf(authorization);
    const slot = `inv:{drop:${dropId}}`;
    const [kind] = await this.redis.benchAdmit(
      `${slot}:avail`,
      `${slot}:fans`,
      `${slot}:idem:${fan}:${String(idempotencyKey)}`,
      variantId,
      String(quantity),
      fan,
      String(this.config.perCustomerLimit),
      '{}',
    );
    if (kind === 'admitted') {
      const now = new Date();
      reply.status(201);
      return {
        holdId: randomUUID(),
        dropId,
        variantId,
        quantity,
        status: 'active',
        expiresAt: new Date(now.getTime() + 600_000).toISOString(),
        createdAt: now.toISOString(),
      };
    }
    const [status, code] = DECLINES[kind] ?? [500, 'UNEXPECTED'];
    reply.status(status);
    return { error: { code, message: kind } };
  }
}

async function main(): Promise<void> {
  const config = JSON.parse(readFileSync(process.argv[2], 'utf8')) as BareServerConfig;
  const redis = new Redis(config.redisUrl, { keyPrefix: config.keyPrefix });
  redis.defineCommand('benchAdmit', { numberOfKeys: 3, lua: ADMIT });
  const slot = `inv:{drop:${config.dropId}}`;
  if (config.seed) {
    await redis.del(`${slot}:avail`, `${slot}:fans`);
    await redis.hset(`${slot}:avail`, config.available);
  }
  @Module({
    controllers: [HoldsCeilingController],
    providers: [
      { provide: CONFIG, useValue: config },
      { provide: REDIS, useValue: redis },
    ],
  })
  class CeilingModule {}
  const app = await NestFactory.create<NestFastifyApplication>(
    CeilingModule,
    new FastifyAdapter({ keepAliveTimeout: 60_000 }),
    { logger: false },
  );
  await app.listen({ port: config.port, host: '127.0.0.1' });
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void app
      .close()
      .then(() => redis.quit())
      .finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
