import { getQueueToken } from '@nestjs/bull';
import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';

export const WORKER_QUEUES = Symbol('WORKER_QUEUES');

/**
 * Stops every queue at once when the worker is told to stop. Left to themselves, the queues
 * close in Nest's module shutdown order, one after another, each waiting about half a second
 * for its blocking Redis connection, so the drops queue closed seconds into `close()` on a busy
 * machine, and a worker that was stopping still opened a drop that came due meanwhile. Bull's
 * close is idempotent: the queues' own shutdown hooks find them closed.
 */
@Injectable()
export class QueueShutdown implements BeforeApplicationShutdown {
  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(WORKER_QUEUES) private readonly names: readonly string[],
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.names.map((name) =>
        this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }).close(),
      ),
    );
  }
}
