import { ApiProperty } from '@nestjs/swagger';
import type { MailFigures, QueueFigures } from '../queue-monitor';

export class QueueFiguresResponse implements QueueFigures {
  @ApiProperty({ example: 'holds' })
  name: string;

  @ApiProperty()
  waiting: number;

  @ApiProperty()
  active: number;

  @ApiProperty({ description: 'Scheduled for later (hold expiries, retries with backoff).' })
  delayed: number;

  @ApiProperty({ description: 'Failed after their last attempt; inspect them in Bull Board.' })
  failed: number;

  @ApiProperty({ description: 'Completed and still kept (Bull keeps the last 1000).' })
  completed: number;

  @ApiProperty()
  paused: boolean;
}

export class MailFiguresResponse {
  @ApiProperty({ description: 'Outbox rows not yet sent.' })
  pending: number;

  @ApiProperty({ nullable: true, type: String })
  oldestPendingAt: string | null;

  @ApiProperty({ description: 'Given up after every attempt.' })
  failed: number;

  @ApiProperty()
  failedLastDay: number;
}

export class QueuesMonitorResponse {
  @ApiProperty({ example: '2026-12-03T18:00:01.000Z' })
  generatedAt: string;

  @ApiProperty({ type: [QueueFiguresResponse] })
  queues: QueueFiguresResponse[];

  @ApiProperty({ type: MailFiguresResponse })
  mail: MailFiguresResponse;

  static from(queues: QueueFigures[], mail: MailFigures): QueuesMonitorResponse {
    return Object.assign(new QueuesMonitorResponse(), {
      generatedAt: new Date().toISOString(),
      queues,
      mail: { ...mail, oldestPendingAt: mail.oldestPendingAt?.toISOString() ?? null },
    });
  }
}
