import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { inputFault, isConnectionLost } from '../database/postgres-errors';
import { DomainError, DomainErrorKind } from '../errors/domain-error';
import { logSafeError, pathOf } from '../logging/log-safe';
import { isRedisUnreachable } from '../redis/redis-errors';
import { ErrorBody } from '../errors/error-body';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

const TRY_AGAIN = 'A service we depend on is unreachable for a moment. Try again shortly.';

/**
 * A dependency lost mid-request (Postgres's connection ended or refused, Redis unreachable): the
 * same request can succeed again, so it is a 503 with Retry-After, not a 500.
 */
function lostDependency(exception: unknown): { code: string; what: string } | undefined {
  if (isConnectionLost(exception)) return { code: 'DATABASE_UNAVAILABLE', what: 'Postgres' };
  if (isRedisUnreachable(exception)) return { code: 'REDIS_UNAVAILABLE', what: 'Redis' };
  return undefined;
}

/** Codes for errors raised by the framework or Fastify rather than by our libraries. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/**
 * The status and body the filter gives a domain error: for routes outside Nest (a Fastify
 * plugin's hooks) that must answer in the same shape.
 */
export function domainErrorAnswer(error: DomainError): ErrorAnswer {
  return {
    status: STATUS_BY_KIND[error.kind],
    body: {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      },
    },
  };
}

export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
}

/** Fastify's own errors (bad JSON, wrong content type, body too large) carry a 4xx `statusCode`. */
function isClientFrameworkError(e: unknown): e is Error & { statusCode: number; code?: string } {
  if (!(e instanceof Error)) return false;
  const status = (e as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** What a log line about a failed request says of the request (never its body or query). */
function requestFields(request: FastifyRequest): Record<string, unknown> {
  return { requestId: request.id, method: request.method, path: pathOf(request.url) };
}

function clientErrorAnswer(status: number, message: string): ErrorAnswer {
  return {
    status,
    body: { error: { code: CODE_BY_STATUS[status] ?? 'CLIENT_ERROR', message } },
  };
}

/**
 * Maps every failure to `{"error": {"code", "message", "details"?}}`. Anything we did not
 * anticipate becomes a 500 whose `errorId` is logged with the stack, never leaked to the client.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    this.logger.setContext(HttpErrorFilter.name);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { status, body } = this.resolve(exception, request);
    if ((status === 429 || status === 503) && !reply.getHeader('retry-after')) {
      void reply.header('retry-after', '1');
    }
    void reply.status(status).send(body);
  }

  private resolve(exception: unknown, request: FastifyRequest): ErrorAnswer {
    if (exception instanceof DomainError) {
      // A dependency is down: the client gets a clean 503, operators get the cause.
      if (exception.kind === 'unavailable') {
        this.logger.warn(
          { err: logSafeError(exception.cause ?? exception), ...requestFields(request) },
          exception.message,
        );
      }
      return domainErrorAnswer(exception);
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      return clientErrorAnswer(exception.getStatus(), this.messageOf(exception));
    }
    if (isClientFrameworkError(exception)) {
      return clientErrorAnswer(exception.statusCode, exception.message);
    }
    const fault = inputFault(exception);
    if (fault) {
      // The statement and its parameters stay out of the log: they carry what the client sent.
      this.logger.warn(
        { err: logSafeError(exception), ...requestFields(request) },
        'request refused by the database',
      );
      return {
        status: fault.status,
        body: { error: { code: fault.code, message: fault.message } },
      };
    }
    const lost = lostDependency(exception);
    if (lost) {
      this.logger.warn(
        { err: logSafeError(exception), ...requestFields(request) },
        `request failed: ${lost.what} unreachable`,
      );
      return {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        body: { error: { code: lost.code, message: TRY_AGAIN } },
      };
    }
    return this.unexpected(exception, request);
  }

  /** A 500 whose id is in the log beside the stack; the client learns nothing more. */
  private unexpected(exception: unknown, request: FastifyRequest): ErrorAnswer {
    const errorId = randomUUID();
    this.logger.error(
      { err: logSafeError(exception), errorId, ...requestFields(request) },
      'unexpected error',
    );
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: {
        error: { code: 'INTERNAL', message: 'Something went wrong on our side.', errorId },
      },
    };
  }

  private messageOf(exception: HttpException): string {
    const response = exception.getResponse();
    if (typeof response === 'string') return response;
    const message = (response as { message?: unknown }).message;
    if (Array.isArray(message)) return message.join('; ');
    return typeof message === 'string' ? message : exception.message;
  }
}
