import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A correctly signed webhook body that is not an event (no id, no type, not an object). It is
 * answered 400 and never processed; kept, as the bytes that arrived, for an operator to inspect,
 * since only someone holding the signing secret could have sent it.
 */
@Entity({ name: 'rejected_webhooks' })
export class RejectedWebhook {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_rejected_webhooks' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  /** The body's full length; `body` keeps at most the first 64 KiB. */
  @Column({ type: 'integer' })
  bodyBytes: number;

  @Column({ type: 'bytea' })
  body: Buffer;
}
