import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * The webhook inbox: every provider event stored once by its id, exactly as it was verified,
 * then processed by the worker in one transaction that also stamps `processedAt`. Providers
 * redeliver and reorder events; the unique event id makes a redelivery a no-op.
 */
@Entity({ name: 'payment_events' })
@Unique('UQ_payment_events_event_id', ['eventId'])
@Index('IDX_payment_events_unprocessed', ['receivedAt'], { where: `"processed_at" IS NULL` })
// The monitor counts recent events and their lag by time.
@Index('IDX_payment_events_received', ['receivedAt'])
export class PaymentEventRecord {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_payment_events' })
  id: string;

  /** The provider's event id (`evt_…`). */
  @Column({ type: 'varchar', length: 255 })
  eventId: string;

  @Column({ type: 'varchar', length: 100 })
  type: string;

  /** The event as received (signature verified over these very bytes). */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  /** Set in the transaction that applied the event; null while it waits or keeps failing. */
  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  /** What processing did (`order-paid`, `refund-requested`, `ignored`, …), for operators. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  outcome: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;
}
