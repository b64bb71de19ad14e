// `npx ts-node -r tsconfig-paths/register --transpile-only bench/decline-micro.ts`
// CPU per call of the per-request steps the decline path replaced, old vs new, in one process
// (process.cpuUsage, so other processes on the machine inflate wall time but not these figures
// much). A complement to bench/decline-profile.ts when the machine is too busy for throughput.
import 'reflect-metadata';
import { createSecretKey, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { JwtService } from '@nestjs/jwt';
import helmet from 'helmet';
import { createValidationPipe } from '../libs/platform/src/errors/validation';
import { securityHeaders } from '../libs/platform/src/http/security-headers';
import { parsePlaceHold, PlaceHoldDto } from '../libs/inventory/src/dto/place-hold.dto';
import { AccessTokens } from '../libs/identity/src/auth/access-tokens';

const secret = 'x'.repeat(64);
const key = createSecretKey(Buffer.from(secret));
const jwt = new JwtService({
  secret: key,
  signOptions: {
    algorithm: 'HS256',
    expiresIn: 3600,
    issuer: 'limited-run',
    audience: 'limited-run-api',
  },
  verifyOptions: { algorithms: ['HS256'], issuer: 'limited-run', audience: 'limited-run-api' },
});
const lean = new AccessTokens(jwt, { get: () => secret } as never);
const token = jwt.sign({ sub: randomUUID(), sid: randomUUID(), typ: 'access' });
const body = { variantId: randomUUID(), quantity: 1 };
const pipe = createValidationPipe();
const sink = { setHeader() {}, removeHeader() {} } as unknown as ServerResponse;

async function cpuUs(label: string, n: number, run: () => unknown): Promise<number> {
  for (let i = 0; i < 2000; i++) await run(); // warm-up
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) await run();
  const used = process.cpuUsage(start);
  const us = (used.user + used.system) / n;
  process.stdout.write(`${label.padEnd(48)} ${us.toFixed(1).padStart(7)} µs/call\n`);
  return us;
}

async function main(): Promise<void> {
  const n = 20_000;
  await cpuUs('jwt: jsonwebtoken via JwtService.verifyAsync', n, () => jwt.verifyAsync(token));
  await cpuUs('jwt: AccessTokens.verify (HMAC + timingSafeEqual)', n, () => lean.verify(token));
  await cpuUs('body: ValidationPipe(PlaceHoldDto)', n, () =>
    pipe.transform(body, { type: 'body', metatype: PlaceHoldDto }),
  );
  await cpuUs('body: parsePlaceHold', n, () => parsePlaceHold(body.variantId, 'k-1', body));
  await cpuUs('headers: helmet(config) per request', n, () =>
    helmet({ contentSecurityPolicy: false })({} as never, sink, () => undefined),
  );
  const headers = securityHeaders();
  await cpuUs('headers: precomputed copy', n, () => Object.assign({}, headers));
}

void main();
