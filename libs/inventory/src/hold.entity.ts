import { DropLine } from '@limited-run/drops';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

export const HOLD_STATUSES = ['active', 'converted', 'expired', 'released'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

/**
 * Units of one variant reserved for one fan until `expiresAt`. Ends exactly once: converted
 * (paid), expired or released; every end is a guarded UPDATE from `active`.
 */
@Entity({ name: 'holds' })
@Unique('UQ_holds_idempotency', ['userId', 'dropId', 'idempotencyKey'])
@Index('IDX_holds_active_expiry', ['expiresAt'], { where: `"status" = 'active'` })
@Index('IDX_holds_drop_user', ['dropId', 'userId'])
// A gate rebuild reads only the holds that still count: as many as the drop's units, at most.
@Index('IDX_holds_drop_counted', ['dropId'], { where: `"status" IN ('active', 'converted')` })
@Check('CHK_holds_status', `"status" IN ('active', 'converted', 'expired', 'released')`)
@Check('CHK_holds_quantity', `"quantity" > 0`)
export class Hold {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_holds' })
  id: string;

  @Column({ type: 'uuid' })
  dropId: string;

  @Column({ type: 'uuid' })
  variantId: string;

  @ManyToOne(() => DropLine, { onDelete: 'RESTRICT' })
  @JoinColumn([
    {
      name: 'drop_id',
      referencedColumnName: 'dropId',
      foreignKeyConstraintName: 'FK_holds_drop_line',
    },
    { name: 'variant_id', referencedColumnName: 'variantId' },
  ])
  line?: DropLine;

  /** No foreign key: users are suspended, never deleted, and the worker loads no User entity. */
  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: HoldStatus;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** The client's `Idempotency-Key` (or a deterministic key for granted holds). */
  @Column({ type: 'varchar', length: 128 })
  idempotencyKey: string;

  /** SHA-256 of the request that created the hold: the same key with another body is refused. */
  @Column({ type: 'char', length: 64 })
  requestHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
