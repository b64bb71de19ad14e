import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One recorded action that changed access, stock, money or a drop. Append-only: a trigger
 * in the migration refuses UPDATE, DELETE and TRUNCATE.
 *
 * Ids are plain columns without foreign keys on purpose: the record must say who did what
 * to which row even after that row is renamed, suspended or gone, and the table must not
 * make deleting a user or collective fail or cascade into history.
 *
 * The indexes are newest-first in the migration; TypeORM cannot express a column's direction,
 * and its schema diff compares only index names and columns.
 */
@Entity({ name: 'audit_events' })
@Index('IDX_audit_events_time', ['occurredAt', 'id'])
@Index('IDX_audit_events_collective_time', ['collectiveId', 'occurredAt', 'id'])
@Index('IDX_audit_events_target_time', ['targetType', 'targetId', 'occurredAt', 'id'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The transaction's start time (`now()`), so entries written by one change share it. */
  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt: Date;

  /** Null when the system acted (the worker, a scheduled transition). */
  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  /** `<context>.<verb>`, e.g. `collective.create`, `drop.schedule`. */
  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 32 })
  targetType: string;

  @Column({ type: 'varchar', length: 64 })
  targetId: string;

  /** The collective the change belongs to, so its owners can read their own trail. */
  @Column({ type: 'uuid', nullable: true })
  collectiveId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;
}
