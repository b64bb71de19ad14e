import { Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import { PlatformConfig } from '../config/platform-config.service';
import { logSafeError, pathOf } from './log-safe';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Reuses a caller's `X-Request-Id` (from a proxy or another service) when it is sane. */
export function resolveRequestId(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** Whether a level lets pino-http's request lines (`info`) through. */
export function logsRequestLines(level: string): boolean {
  const at = LEVELS.indexOf(level);
  return at === -1 || at <= LEVELS.indexOf('info');
}

/** Paths of secrets that must never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
];

/**
 * What of a request, a reply and an error reaches a line. pino-http runs pino's own serializer
 * first and hands ours its result (`logSafeError` unwraps it).
 */
export const LOG_SERIALIZERS = {
  req: (req: { id: string; method: string; url: string }) => ({
    id: req.id,
    method: req.method,
    url: pathOf(req.url),
  }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
  err: logSafeError,
};

/** JSON logs, one line per event, each carrying the request id inside a request. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [PlatformConfig],
      useFactory: (config: PlatformConfig) => ({
        // Nest 12's route syntax for "every path"; the package's default '*' matches nothing
        // here. When the level drops request lines (`warn` and above), the middleware is not
        // registered at all: it would log nothing, yet it and Nest's middleware engine (middie,
        // which runs on every request once any middleware exists) cost ~30 µs of a declined
        // hold's ~125 µs (docs/benchmarks.md, "Declines at the ceiling"). Warnings and errors
        // are still logged; the error filter's lines name the request id themselves, others
        // logged during a request then carry none.
        forRoutes: logsRequestLines(config.get('LOG_LEVEL'))
          ? [{ path: '{*path}', method: RequestMethod.ALL }]
          : [],
        exclude: [
          // Probes every few seconds would drown the log.
          { path: 'health/{*path}', method: RequestMethod.GET },
        ],
        pinoHttp: {
          level: config.get('LOG_LEVEL'),
          // Fastify has already assigned `req.id` (see `createHttpApp`); the logger reuses it.
          genReqId: (req: IncomingMessage & { id?: string }) =>
            req.id ?? resolveRequestId(undefined),
          customAttributeKeys: { reqId: 'requestId' },
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          serializers: LOG_SERIALIZERS,
          transport:
            config.get('LOG_PRETTY') === 'true'
              ? { target: 'pino-pretty', options: { singleLine: true } }
              : undefined,
        },
      }),
    }),
  ],
})
export class LoggingModule {}
