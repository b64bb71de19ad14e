import { Drop, DropLine } from '@limited-run/drops';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

export const WAITLIST_STATUSES = ['waiting', 'offered', 'passed', 'left', 'cancelled'] as const;
/**
 * `offered`: a unit that came back after the sellout was offered to this fan as a hold (second
 * chance); once per fan. `passed`: their turn came but they were already at the drop's limit.
 */
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];

/** One fan on one drop's waitlist; the database allows one per fan and drop. */
@Entity({ name: 'waitlist_entries' })
@Unique('UQ_waitlist_entries_drop_user', ['dropId', 'userId'])
@Index('IDX_waitlist_entries_waiting', ['dropId', 'position'], { where: `"status" = 'waiting'` })
@Index('IDX_waitlist_entries_unnotified', ['dropId'], {
  where: `"status" = 'waiting' AND "notified_at" IS NULL`,
})
@Check(
  'CHK_waitlist_entries_status',
  `"status" IN ('waiting', 'offered', 'passed', 'left', 'cancelled')`,
)
@Check('CHK_waitlist_entries_offer', `("status" = 'offered') = ("offer_hold_id" IS NOT NULL)`)
export class WaitlistEntry {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_waitlist_entries' })
  id: string;

  @Column({ type: 'uuid' })
  dropId: string;

  @ManyToOne(() => Drop, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'drop_id', foreignKeyConstraintName: 'FK_waitlist_entries_drop' })
  drop?: Drop;

  /** No foreign key, as for holds: users are suspended, never deleted. */
  @Column({ type: 'uuid' })
  userId: string;

  /** The variant the fan wants if one comes back (a size); null: any. */
  @Column({ type: 'uuid', nullable: true })
  variantId: string | null;

  @ManyToOne(() => DropLine, { onDelete: 'CASCADE' })
  @JoinColumn([
    {
      name: 'drop_id',
      referencedColumnName: 'dropId',
      foreignKeyConstraintName: 'FK_waitlist_entries_drop_line',
    },
    { name: 'variant_id', referencedColumnName: 'variantId' },
  ])
  line?: DropLine;

  /** From one global sequence: only the order within a drop means anything. Rejoining takes a new one. */
  @Column({ type: 'bigint' })
  @Generated('increment')
  position: string;

  @Column({ type: 'varchar', length: 16, default: 'waiting' })
  status: WaitlistStatus;

  @Column({ type: 'uuid', nullable: true })
  offerHoldId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  offeredAt: Date | null;

  /** When the fan was told the drop (or its early access) opened; once per entry. */
  @Column({ type: 'timestamptz', nullable: true })
  notifiedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
