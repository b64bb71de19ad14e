import {
  onDropTransitionCommitted,
  publicDropState,
  readDropTerms,
  type DropTransitionNotice,
} from '@limited-run/drops';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { CounterFeed } from './counter-feed';

/**
 * Announces every committed drop state change on the drop's live stream (SSE event `state`),
 * in the order its transaction made them, whichever process made it: `applyDropTransition`
 * hands each transition to its listeners once the transaction commits (platform's
 * `afterCommit`), and this one publishes it through Redis, so every API process's subscribers
 * receive it.
 */
@Injectable()
export class DropStateAnnouncer implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly feed: CounterFeed,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(DropStateAnnouncer.name);
  }

  onModuleInit(): void {
    onDropTransitionCommitted(this.dataSource, this.announce);
  }

  private readonly announce = async (notice: DropTransitionNotice): Promise<void> => {
    // A draft was never public: nobody watches it, and its stream does not exist yet.
    if (notice.from === 'draft') return;
    const facts = await readDropTerms(this.dataSource, notice.dropId);
    const state = publicDropState({
      state: notice.to,
      releaseMode: facts?.releaseMode ?? 'first_come',
      earlyAccessStartsAt: facts?.earlyAccessStartsAt ?? null,
    });
    if (!state) return;
    await this.feed.publishState(notice.dropId, state, notice.at);
    this.logger.debug({ dropId: notice.dropId, state }, 'drop state announced');
  };
}
