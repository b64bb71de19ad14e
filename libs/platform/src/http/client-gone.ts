import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/**
 * An `AbortSignal` that aborts when the client goes away before its answer was sent: for a route
 * that waits (a long poll), so the wait ends with the connection instead of running to its end.
 */
export const ClientGone = createParamDecorator((_: unknown, ctx: ExecutionContext): AbortSignal => {
  const reply = ctx.switchToHttp().getResponse<FastifyReply>();
  const gone = new AbortController();
  // `close` also follows a sent answer; only one that comes before it means the client left.
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) gone.abort();
  });
  return gone.signal;
});
