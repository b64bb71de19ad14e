import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { afterCommitBatched } from '@limited-run/platform';
import { MailSender } from './mail/mail-sender';
import { Notification } from './notification.entity';
import { NotificationsDispatcher } from './notifications.dispatcher';
import {
  isTemplateName,
  renderTemplate,
  TemplateName,
  withoutSecrets,
} from './templates/templates';

export interface NewNotification {
  /** Null when the address has no account yet. */
  recipientUserId: string | null;
  recipientEmail: string;
  template: TemplateName;
  payload: Record<string, unknown>;
}

export type DeliveryOutcome = 'sent' | 'already-done' | 'missing' | 'failed';

const MAX_ATTEMPTS = 5;

@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailSender,
    private readonly dispatcher: NotificationsDispatcher,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(NotificationsService.name);
  }

  /**
   * Writes an outbox row inside the caller's transaction; its delivery is queued once that
   * transaction commits, with every other row it wrote (a lost enqueue is found by the sweep).
   */
  async record(manager: EntityManager, notification: NewNotification): Promise<Notification> {
    const row = await manager
      .getRepository(Notification)
      .save(manager.create(Notification, notification));
    await afterCommitBatched(manager, 'dispatch mail', row.id, this.dispatchAll);
    return row;
  }

  /** One function for every row of a transaction, so they are queued in one batch. */
  private readonly dispatchAll = (ids: string[]): Promise<void> => this.dispatcher.dispatch(ids);

  /**
   * Delivers one outbox row at most once: the row lock serialises concurrent workers and a
   * row that is no longer pending is left alone. A failed send is rethrown so Bull retries it.
   */
  async deliver(notificationId: string): Promise<DeliveryOutcome> {
    let failure: Error | undefined;
    const outcome = await this.dataSource.transaction(async (manager): Promise<DeliveryOutcome> => {
      const repo = manager.getRepository(Notification);
      const row = await repo.findOne({
        where: { id: notificationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) return 'missing';
      if (row.status !== 'pending') return 'already-done';
      const attempts = row.attempts + 1;
      if (!isTemplateName(row.template)) {
        await repo.update(row.id, {
          status: 'failed',
          attempts,
          lastError: `unknown template ${row.template}`,
        });
        return 'failed';
      }
      try {
        await this.mail.send({
          to: row.recipientEmail,
          ...renderTemplate(row.template, row.payload),
        });
      } catch (error) {
        failure =
          error instanceof Error ? error : new Error('mail sender failed', { cause: error });
        const status = attempts >= MAX_ATTEMPTS ? 'failed' : 'pending';
        const payload =
          status === 'failed' ? withoutSecrets(row.template, row.payload) : row.payload;
        await repo.save(
          Object.assign(row, { attempts, lastError: failure.message, status, payload }),
        );
        return 'failed';
      }
      // A sent message's secrets (an invite token) have done their job: keep no copy.
      await repo.save(
        Object.assign(row, {
          status: 'sent' as const,
          sentAt: new Date(),
          attempts,
          payload: withoutSecrets(row.template, row.payload),
        }),
      );
      return 'sent';
    });
    // Rethrown after commit so the attempt count is kept and Bull schedules a retry.
    if (failure) throw failure;
    return outcome;
  }

  /** Ids of pending rows older than `olderThanMs`, whose delivery job may have been lost. */
  async findStalePending(olderThanMs: number, limit = 500): Promise<string[]> {
    const rows = await this.dataSource.getRepository(Notification).find({
      select: { id: true },
      where: { status: 'pending', createdAt: LessThan(new Date(Date.now() - olderThanMs)) },
      order: { createdAt: 'ASC' },
      take: limit,
    });
    if (rows.length > 0)
      this.logger.warn({ count: rows.length }, 're-dispatching stale notifications');
    return rows.map((r) => r.id);
  }
}
