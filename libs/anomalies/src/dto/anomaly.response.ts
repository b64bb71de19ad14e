import { ApiProperty } from '@nestjs/swagger';
import type { AnomalyPage } from '../anomalies.service';
import {
  Anomaly,
  ANOMALY_KINDS,
  ANOMALY_STATUSES,
  type AnomalyKind,
  type AnomalyStatus,
} from '../anomaly.entity';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export class AnomalyResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ANOMALY_KINDS, enumName: 'AnomalyKind' })
  kind: AnomalyKind;

  @ApiProperty({ enum: ANOMALY_STATUSES, enumName: 'AnomalyStatus' })
  status: AnomalyStatus;

  @ApiProperty({ example: 'order', description: 'order, drop, hold, notification or job' })
  subjectType: string;

  @ApiProperty({ example: '5c1d0a6e-2f43-4b8e-8d1a-7e9c0b2f4a61' })
  subjectId: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  collectiveId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  dropId: string | null;

  @ApiProperty({ example: 'Refund failed for order 5c1d0a6e… (2800 EUR)' })
  summary: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Figures and ids behind the summary (never personal data).',
  })
  details: Record<string, unknown>;

  @ApiProperty({ description: 'How often a detector saw it; 1 when raised.', example: 1 })
  occurrences: number;

  @ApiProperty({ example: '2026-12-03T18:00:00.000Z' })
  raisedAt: string;

  @ApiProperty({ example: '2026-12-03T18:00:00.000Z' })
  lastSeenAt: string;

  @ApiProperty({ nullable: true, type: String, description: 'When admins were alerted (once).' })
  alertedAt: string | null;

  @ApiProperty({ nullable: true, type: String })
  acknowledgedAt: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  acknowledgedBy: string | null;

  @ApiProperty({ nullable: true, type: String })
  resolvedAt: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  resolvedBy: string | null;

  @ApiProperty({ nullable: true, type: String })
  resolutionNote: string | null;

  static from(a: Anomaly): AnomalyResponse {
    return Object.assign(new AnomalyResponse(), {
      id: a.id,
      kind: a.kind,
      status: a.status,
      subjectType: a.subjectType,
      subjectId: a.subjectId,
      collectiveId: a.collectiveId,
      dropId: a.dropId,
      summary: a.summary,
      details: a.details,
      occurrences: a.occurrences,
      raisedAt: a.raisedAt.toISOString(),
      lastSeenAt: a.lastSeenAt.toISOString(),
      alertedAt: iso(a.alertedAt),
      acknowledgedAt: iso(a.acknowledgedAt),
      acknowledgedBy: a.acknowledgedBy,
      resolvedAt: iso(a.resolvedAt),
      resolvedBy: a.resolvedBy,
      resolutionNote: a.resolutionNote,
    });
  }
}

export class AnomalyPageResponse {
  @ApiProperty({ type: [AnomalyResponse] })
  anomalies: AnomalyResponse[];

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `before` for the next (older) page; null on the last page.',
  })
  nextCursor: string | null;

  static from(page: AnomalyPage): AnomalyPageResponse {
    return Object.assign(new AnomalyPageResponse(), {
      anomalies: page.anomalies.map((a) => AnomalyResponse.from(a)),
      nextCursor: page.nextCursor,
    });
  }
}
