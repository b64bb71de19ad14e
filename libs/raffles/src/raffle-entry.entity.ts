import { Drop, DropLine } from '@limited-run/drops';
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
  UpdateDateColumn,
} from 'typeorm';

export const RAFFLE_ENTRY_STATUSES = [
  'entered',
  'withdrawn',
  'won',
  'in_line',
  'offered',
  'claimed',
  'lapsed',
  'cancelled',
] as const;
/**
 * Before the draw: `entered` (or `withdrawn`). At the draw every entry gets its `rank` in the
 * drawn order and becomes `won` (a hold to claim) or `in_line`. An `in_line` entry is
 * `offered` a unit of its variant that comes back; a won or offered hold ends `claimed` (paid)
 * or `lapsed` (expired or released unpaid), and its unit passes down the line. Every open entry
 * of a cancelled drop ends `cancelled`.
 */
export type RaffleEntryStatus = (typeof RAFFLE_ENTRY_STATUSES)[number];

/** One fan's entry in one drop's raffle; its id is the public entry id in the proof. */
@Entity({ name: 'raffle_entries' })
@Unique('UQ_raffle_entries_drop_user', ['dropId', 'userId'])
@Index('IDX_raffle_entries_in_line', ['dropId', 'variantId', 'rank'], {
  where: `"status" = 'in_line'`,
})
@Index('IDX_raffle_entries_holding', ['dropId'], { where: `"status" IN ('won', 'offered')` })
@Check(
  'CHK_raffle_entries_status',
  `"status" IN ('entered', 'withdrawn', 'won', 'in_line', 'offered', 'claimed', 'lapsed', 'cancelled')`,
)
@Check(
  'CHK_raffle_entries_rank',
  `("status" = 'cancelled' OR ("rank" IS NULL) = ("status" IN ('entered', 'withdrawn'))) AND ("rank" IS NULL OR "rank" >= 1)`,
)
@Check(
  'CHK_raffle_entries_hold',
  `"status" = 'cancelled' OR ("hold_id" IS NOT NULL) = ("status" IN ('won', 'offered', 'claimed', 'lapsed'))`,
)
export class RaffleEntry {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_raffle_entries' })
  id: string;

  @Column({ type: 'uuid' })
  dropId: string;

  @ManyToOne(() => Drop, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'drop_id', foreignKeyConstraintName: 'FK_raffle_entries_drop' })
  drop?: Drop;

  /** No foreign key, as for holds: users are suspended, never deleted. */
  @Column({ type: 'uuid' })
  userId: string;

  /** The variant the fan entered for (a size); the draw gives units per variant. */
  @Column({ type: 'uuid' })
  variantId: string;

  @ManyToOne(() => DropLine, { onDelete: 'CASCADE' })
  @JoinColumn([
    {
      name: 'drop_id',
      referencedColumnName: 'dropId',
      foreignKeyConstraintName: 'FK_raffle_entries_drop_line',
    },
    { name: 'variant_id', referencedColumnName: 'variantId' },
  ])
  line?: DropLine;

  @Column({ type: 'varchar', length: 16, default: 'entered' })
  status: RaffleEntryStatus;

  /** 1-based place in the drawn order; null before the draw. */
  @Column({ type: 'integer', nullable: true })
  rank: number | null;

  /** The hold granted to this entry (won in the draw or offered later). */
  @Column({ type: 'uuid', nullable: true })
  holdId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  offeredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
