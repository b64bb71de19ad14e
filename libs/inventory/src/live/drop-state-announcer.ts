import {
  Drop,
  forgetRolledBack,
  publicDropState,
  takeCommitted,
  type DropTransitionNotice,
} from '@limited-run/drops';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import type {
  DataSource,
  EntitySubscriberInterface,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { CounterFeed } from './counter-feed';

/**
 * Announces every committed drop state change on the drop's live stream (SSE event `state`),
 * in the order its transaction made them, whichever process made it: the transition is
 * remembered on its transaction (`applyDropTransition`) and published through Redis once that
 * transaction commits, so every API process's subscribers receive it.
 */
@Injectable()
export class DropStateAnnouncer implements EntitySubscriberInterface, OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly feed: CounterFeed,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(DropStateAnnouncer.name);
  }

  onModuleInit(): void {
    if (!this.dataSource.subscribers.includes(this)) this.dataSource.subscribers.push(this);
  }

  afterTransactionCommit(event: TransactionCommitEvent): Promise<void> | void {
    const committed = takeCommitted(event.queryRunner);
    if (committed.length === 0) return;
    return this.announce(committed);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    forgetRolledBack(event.queryRunner);
  }

  private async announce(notices: DropTransitionNotice[]): Promise<void> {
    for (const notice of notices) {
      // A draft was never public: nobody watches it, and its stream does not exist yet.
      if (notice.from === 'draft') continue;
      const facts = await this.dataSource.getRepository(Drop).findOne({
        select: { id: true, releaseMode: true, earlyAccessStartsAt: true },
        where: { id: notice.dropId },
      });
      const state = publicDropState({
        state: notice.to,
        releaseMode: facts?.releaseMode ?? 'first_come',
        earlyAccessStartsAt: facts?.earlyAccessStartsAt ?? null,
      });
      if (!state) continue;
      await this.feed.publishState(notice.dropId, state, notice.at);
      this.logger.debug({ dropId: notice.dropId, state }, 'drop state announced');
    }
  }
}
