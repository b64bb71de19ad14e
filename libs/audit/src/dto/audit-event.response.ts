import { ApiProperty } from '@nestjs/swagger';
import type { AuditEventsPage } from '../audit-log.service';
import type { AuditEvent } from '../audit-event.entity';

export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' })
  occurredAt: string;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Null when the platform itself acted (a scheduled job).',
  })
  actorUserId: string | null;

  @ApiProperty({ nullable: true, type: String, example: '7f0c2a9e-1b3d-4e5f-8a6b-9c0d1e2f3a4b' })
  requestId: string | null;

  @ApiProperty({ example: 'drop.schedule' })
  action: string;

  @ApiProperty({ example: 'drop' })
  targetType: string;

  @ApiProperty({ example: '5c1d0a6e-2f43-4b8e-8d1a-7e9c0b2f4a61' })
  targetId: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  collectiveId: string | null;

  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    example: { state: 'draft' },
    description: 'The changed fields before the action; null for a creation.',
  })
  before: Record<string, unknown> | null;

  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    example: { state: 'scheduled', startsAt: '2026-12-01T18:00:00.000Z' },
    description: 'The changed fields after the action; null for a deletion.',
  })
  after: Record<string, unknown> | null;

  static from(event: AuditEvent): AuditEventResponse {
    return {
      id: event.id,
      occurredAt: event.occurredAt.toISOString(),
      actorUserId: event.actorUserId,
      requestId: event.requestId,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId,
      collectiveId: event.collectiveId,
      before: event.before,
      after: event.after,
    };
  }
}

/** One page of the trail, newest first. */
export class AuditEventPageResponse {
  @ApiProperty({ type: [AuditEventResponse] })
  items: AuditEventResponse[];

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `before` for the next, older page; null on the last page.',
  })
  nextCursor: string | null;

  static from(page: AuditEventsPage): AuditEventPageResponse {
    return {
      items: page.events.map((e) => AuditEventResponse.from(e)),
      nextCursor: page.nextCursor,
    };
  }
}
