import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';

/**
 * Paths the browser app answers with its page shell (client-side routes). They never collide
 * with an API route: the storefront reads a drop at `/drop/:id` while the API serves
 * `/drops/:id`, and the admin monitor lives under `/monitor` because `/admin` is the API's.
 * A new area adds its prefix here.
 */
export const WEB_PAGE_ROUTES: readonly string[] = [
  '/',
  '/signin',
  '/signup',
  '/reset-password',
  '/setup',
  '/account',
  '/account/*',
  '/drop/*',
  '/checkout/*',
  '/certificates/*',
  '/fairness/*',
  '/console',
  '/console/*',
  '/monitor',
  '/monitor/*',
];

/** Hashed file names change with their content, so a year of caching is safe. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The shell names the current hashed files: revalidate on every load (cheap with ETag). */
const REVALIDATE = 'no-cache';

/**
 * Serves the built browser app on the API's origin: `/assets/*` (hashed, immutable) and the
 * page shell `index.html` for every client-side route. Returns false when no build exists
 * (tests of the API alone, or before `npm run build`), in which case only the API answers.
 */
export async function serveWebApp(app: NestFastifyApplication, webRoot: string): Promise<boolean> {
  const root = resolve(webRoot);
  if (!existsSync(resolve(root, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: resolve(root, 'assets'),
    prefix: '/assets/',
    index: false,
    wildcard: true,
    // sendFile() of the shell passes through here too: only hashed assets are immutable.
    setHeaders: (reply, path) =>
      void reply.header('cache-control', path.endsWith('index.html') ? REVALIDATE : IMMUTABLE),
  });
  const fastify = app.getHttpAdapter().getInstance();
  const sendShell = (reply: FastifyReply): FastifyReply => reply.sendFile('index.html', root);
  for (const url of WEB_PAGE_ROUTES) {
    fastify.route({ method: ['GET', 'HEAD'], url, handler: (_request, reply) => sendShell(reply) });
  }
  return true;
}
