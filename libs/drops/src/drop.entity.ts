import { Collective } from '@limited-run/collectives';
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

export const DROP_STATES = [
  'draft',
  'scheduled',
  'live',
  'sold_out',
  'closed',
  'cancelled',
] as const;
export type DropState = (typeof DROP_STATES)[number];

export const RELEASE_MODES = ['first_come', 'waitlist_first', 'raffle'] as const;
export type ReleaseMode = (typeof RELEASE_MODES)[number];

export const HOLD_SECONDS_MIN = 60;
export const HOLD_SECONDS_MAX = 3600;

/**
 * A collective's release of some variants at a set moment. `state` changes only through
 * `applyDropTransition` (drop-lifecycle.ts). The CHECKs restate the rules that do not depend on
 * the clock, so no code path can store an inconsistent drop.
 */
@Entity({ name: 'drops' })
@Unique('UQ_drops_collective_slug', ['collectiveId', 'slug'])
@Index('IDX_drops_collective', ['collectiveId', 'startsAt'])
@Index('IDX_drops_due_to_open', ['startsAt'], { where: `"state" = 'scheduled'` })
@Index('IDX_drops_due_to_close', ['endsAt'], { where: `"state" = 'live'` })
@Check(
  'CHK_drops_state',
  `"state" IN ('draft', 'scheduled', 'live', 'sold_out', 'closed', 'cancelled')`,
)
@Check('CHK_drops_release_mode', `"release_mode" IN ('first_come', 'waitlist_first', 'raffle')`)
@Check('CHK_drops_slug', `"slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Check('CHK_drops_hold_seconds', `"hold_seconds" BETWEEN 60 AND 3600`)
@Check('CHK_drops_per_customer_limit', `"per_customer_limit" >= 1`)
@Check('CHK_drops_ends_after_start', `"ends_at" IS NULL OR "ends_at" > "starts_at"`)
@Check(
  'CHK_drops_early_access',
  `("release_mode" = 'waitlist_first') = ("early_access_starts_at" IS NOT NULL) AND ("early_access_starts_at" IS NULL OR "early_access_starts_at" < "starts_at")`,
)
@Check(
  'CHK_drops_entry_window',
  `("release_mode" = 'raffle') = ("entry_closes_at" IS NOT NULL) AND ("entry_closes_at" IS NULL OR "entry_closes_at" <= "starts_at")`,
)
export class Drop {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_drops' })
  id: string;

  @Column({ type: 'uuid' })
  collectiveId: string;

  @ManyToOne(() => Collective, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'collective_id', foreignKeyConstraintName: 'FK_drops_collective' })
  collective?: Collective;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Unique within the collective. */
  @Column({ type: 'varchar', length: 100 })
  slug: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  state: DropState;

  @Column({ type: 'varchar', length: 16, default: 'first_come' })
  releaseMode: ReleaseMode;

  /** When the drop goes live for everyone. */
  @Column({ type: 'timestamptz' })
  startsAt: Date;

  /** Null: open until sold out or cancelled. */
  @Column({ type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  /** `waitlist_first` only: the waitlist's early access begins, before `startsAt`. */
  @Column({ type: 'timestamptz', nullable: true })
  earlyAccessStartsAt: Date | null;

  /** `raffle` only: the end of the entry window, at or before `startsAt`. */
  @Column({ type: 'timestamptz', nullable: true })
  entryClosesAt: Date | null;

  @Column({ type: 'integer', default: 600 })
  holdSeconds: number;

  @Column({ type: 'integer', default: 1 })
  perCustomerLimit: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  openedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;
}
