import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const ANOMALY_KINDS = [
  'reconciliation_shortfall',
  'reconciliation_excess',
  'refund_failed',
  'dispute_opened',
  'job_failed',
  'mail_failed',
  'drop_overdue',
  'hold_overdue',
  'payment_mismatch',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export const ANOMALY_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AnomalyStatus = (typeof ANOMALY_STATUSES)[number];

/**
 * Something an admin must see. `key` is the natural key of what went wrong (`refund_failed:
 * order:<id>`): the unique constraint makes every detector idempotent, so a condition seen by
 * every scan, every process and every retry is raised once; seeing it again only counts.
 */
@Entity({ name: 'anomalies' })
@Unique('UQ_anomalies_key', ['key'])
@Index('IDX_anomalies_listing', ['raisedAt'])
@Index('IDX_anomalies_unalerted', ['raisedAt'], { where: `"alerted_at" IS NULL` })
@Check(
  'CHK_anomalies_kind',
  `"kind" IN ('reconciliation_shortfall', 'reconciliation_excess', 'refund_failed', 'dispute_opened', 'job_failed', 'mail_failed', 'drop_overdue', 'hold_overdue', 'payment_mismatch')`,
)
@Check('CHK_anomalies_status', `"status" IN ('open', 'acknowledged', 'resolved')`)
export class Anomaly {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_anomalies' })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  kind: AnomalyKind;

  @Column({ type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: AnomalyStatus;

  /** What it concerns: `order`, `drop`, `hold`, `notification`, `job`. */
  @Column({ type: 'varchar', length: 32 })
  subjectType: string;

  @Column({ type: 'varchar', length: 120 })
  subjectId: string;

  /** The collective it belongs to, when it belongs to one (for the collective's own view). */
  @Column({ type: 'uuid', nullable: true })
  collectiveId: string | null;

  @Column({ type: 'uuid', nullable: true })
  dropId: string | null;

  /** One line for people; never personal data. */
  @Column({ type: 'varchar', length: 300 })
  summary: string;

  /** Figures and ids behind the summary; never personal data. */
  @Column({ type: 'jsonb', default: {} })
  details: Record<string, unknown>;

  /** How often a detector saw the condition (1 when raised). */
  @Column({ type: 'integer', default: 1 })
  occurrences: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  raisedAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastSeenAt: Date;

  /** When the alert pass took it (mail written to the outbox, webhook queued); null until then. */
  @Column({ type: 'timestamptz', nullable: true })
  alertedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acknowledgedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedBy: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  resolutionNote: string | null;
}
