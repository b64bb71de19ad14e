import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type NotificationStatus = 'pending' | 'sent' | 'failed';

/** One message in the outbox: written with the change that justifies it, delivered by the worker. */
@Entity({ name: 'notifications' })
@Check('CHK_notifications_status', `"status" IN ('pending', 'sent', 'failed')`)
@Index('IDX_notifications_pending', ['createdAt'], { where: `"status" = 'pending'` })
// Failed mail is counted by the monitor and found by the anomaly watch without a full scan.
@Index('IDX_notifications_failed', ['createdAt'], { where: `"status" = 'failed'` })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /**
   * The recipient's account, if they have one yet (an invitee may not). No foreign key: the
   * outbox is written by several contexts and users are never deleted.
   */
  @Column({ type: 'uuid', nullable: true })
  recipientUserId: string | null;

  @Column({ type: 'varchar', length: 254 })
  recipientEmail: string;

  @Column({ type: 'varchar', length: 64 })
  template: string;

  @Column({ type: 'jsonb', default: {} })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: NotificationStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
