import type { IncomingMessage, Server } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import { PlatformConfig } from '../config/platform-config.service';
import { createValidationPipe } from '../errors/validation';
import { Metrics } from '../metrics/metrics';
import { resolveRequestId } from '../logging/logging.module';
import { JsonTooDeepError, jsonDepthExceeds } from './bounded-json';
import { contentSecurityPolicyFor } from './content-security-policy';
import { securityHeaders } from './security-headers';
import { parseCorsOrigins } from './cors-origins';
import { HttpErrorFilter } from './http-error.filter';
import { compileTrustProxy, TrustProxyDelegate } from './trust-proxy';
import { serveWebApp } from './web-app';

export interface HttpAppOptions {
  /** Title of the OpenAPI document; omit to serve no docs (the worker). */
  openApiTitle?: string;
  /** Refines the generated OpenAPI document (e.g. each item kind's attributes schema). */
  openApiTransform?: (document: OpenAPIObject) => OpenAPIObject;
  /** Serve the built browser app (WEB_ROOT) on this origin: the API does, the worker does not. */
  serveWeb?: boolean;
  bodyLimitBytes?: number;
}

/**
 * Creates a Fastify-backed Nest application with our cross-cutting HTTP behaviour:
 * JSON logs, one error shape, strict validation, security headers, OpenAPI at /docs.
 * Used by both apps and by the end-to-end tests, so tests exercise the real pipeline.
 */
export async function createHttpApp(
  module: unknown,
  options: HttpAppOptions = {},
): Promise<NestFastifyApplication> {
  const trustProxy = new TrustProxyDelegate();
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    // Decides `request.ip`, hence rate limits; TRUST_PROXY is installed once config is loaded.
    trustProxy: trustProxy.fn,
    // One request id per request, shared by Fastify, the logger (via middie) and the response.
    genReqId: (req: IncomingMessage) => resolveRequestId(req.headers['x-request-id']),
    // How often Node looks for requests past HTTP_REQUEST_TIMEOUT_SECONDS (default 30 s).
    http: { connectionsCheckingInterval: 1000 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(module as never, adapter, {
    bufferLogs: true,
    rawBody: true,
    // Let boot errors reach the caller, which prints one readable line and exits 1.
    abortOnError: false,
  });
  trustProxy.use(compileTrustProxy(app.get(PlatformConfig).get('TRUST_PROXY')));
  limitRequestTime(app);
  await configureHttpApp(app, options);
  return app;
}

export async function configureHttpApp(
  app: NestFastifyApplication,
  options: HttpAppOptions = {},
): Promise<void> {
  app.useLogger(app.get(Logger));
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      void reply.header('x-request-id', request.id);
      done();
    });
  recordHttpMetrics(app);
  refuseDeepJson(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter(await app.resolve(PinoLogger)));
  app.enableShutdownHooks();
  const corsOrigins = parseCorsOrigins(app.get(PlatformConfig).get('CORS_ORIGINS'));
  if (corsOrigins.length > 0) {
    app.enableCors({
      origin: corsOrigins,
      credentials: true,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      exposedHeaders: ['x-request-id', 'retry-after'],
    });
  }
  const config = app.get(PlatformConfig);
  // The refresh token's cookie: read by POST /auth/refresh only (it is scoped to that path).
  await app.register(fastifyCookie);
  // Image uploads; each route reads its parts with its own limits (see libs/media image-upload).
  await app.register(fastifyMultipart, {
    limits: { fileSize: config.get('MEDIA_MAX_UPLOAD_BYTES'), files: 1, parts: 4, fields: 3 },
  });
  // Helmet's headers, computed once; the CSP per path: the strict policy everywhere, Swagger
  // UI's inline script and style only under /docs.
  const headers = securityHeaders();
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      void reply.headers(headers);
      void reply.header('content-security-policy', contentSecurityPolicyFor(request.url));
      done();
    });
  if (options.openApiTitle && swaggerEnabled(config)) {
    mountOpenApi(app, options.openApiTitle, options.openApiTransform);
  }
  if (options.serveWeb) await serveWebApp(app, config.get('WEB_ROOT'));
}

/**
 * Latency per route template (`/drops/:drop/holds`, never the raw URL: bounded label values);
 * a request no route matched is `unmatched`. Streams are observed when they end.
 */
function recordHttpMetrics(app: NestFastifyApplication): void {
  const metrics = app.get(Metrics, { strict: false });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      metrics.httpDuration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
      done();
    });
}

/**
 * A request must arrive whole within HTTP_REQUEST_TIMEOUT_SECONDS: a client trickling its body
 * gets 408 and its connection closed. Streams are unaffected: the limit covers receiving the
 * request, not sending the answer.
 */
function limitRequestTime(app: NestFastifyApplication): void {
  const server: Server = app.getHttpServer();
  const ms = app.get(PlatformConfig).get('HTTP_REQUEST_TIMEOUT_SECONDS') * 1000;
  server.requestTimeout = ms;
  server.headersTimeout = Math.min(server.headersTimeout, ms);
}

/**
 * Our JSON parser: the nesting depth is checked over the raw bytes first, then Fastify's own
 * parser (prototype-poisoning checks) runs. Registered before init, so Nest keeps `rawBody` for
 * the webhook and adds no default parser of its own.
 */
function refuseDeepJson(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser(
    'application/json',
    { bodyLimit: fastify.initialConfig.bodyLimit },
    (request, body, done) => {
      if (jsonDepthExceeds(body)) {
        done(new JsonTooDeepError(), undefined);
        return;
      }
      // Fastify's parser takes the buffer as Nest's own default parser gives it (typed as a string).
      void parseJson(request as Parameters<typeof parseJson>[0], body as unknown as string, done);
    },
  );
}

/** Swagger is on when configured, and by default everywhere but production. */
export function swaggerEnabled(config: PlatformConfig): boolean {
  const setting = config.get('SWAGGER_ENABLED');
  return setting === undefined ? !config.isProduction : setting === 'true';
}

/** The OpenAPI document of an application's routes (also used to generate the web client). */
export function buildOpenApiDocument(
  app: INestApplication,
  title: string,
  transform: (document: OpenAPIObject) => OpenAPIObject = (document) => document,
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(title)
    .setDescription('Limited Run: drops and limited releases for collectives and their fans.')
    .setVersion('0.1.0')
    // Access tokens from POST /auth/login; routes that need one say so with `@SignedIn()`/`@Roles()`.
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return transform(SwaggerModule.createDocument(app, config));
}

function mountOpenApi(
  app: INestApplication,
  title: string,
  transform?: (document: OpenAPIObject) => OpenAPIObject,
): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app, title, transform), {
    jsonDocumentUrl: 'docs-json',
  });
}
