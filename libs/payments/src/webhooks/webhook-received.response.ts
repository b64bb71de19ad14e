import { ApiProperty } from '@nestjs/swagger';
import type { ReceivedEvent } from '../payment-events.inbox';

export class WebhookReceivedResponse {
  @ApiProperty({ example: true })
  received: true;

  @ApiProperty({ example: 'evt_1QxYz2AbCdEfGhIj' })
  eventId: string;

  @ApiProperty({ description: 'True when this event id was stored before (a redelivery).' })
  duplicate: boolean;

  static from(event: ReceivedEvent): WebhookReceivedResponse {
    return Object.assign(new WebhookReceivedResponse(), {
      received: true as const,
      eventId: event.eventId,
      duplicate: event.duplicate,
    });
  }
}
