import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const MOVEMENT_KINDS = [
  'hold',
  'release',
  'expire',
  'sell',
  'refund',
  'adjust',
  'return',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/**
 * The inventory ledger: one append-only row per movement of units of a drop line. The line's
 * `held` and `sold` counters are derivable from it (the race tests check that they are).
 */
@Entity({ name: 'inventory_movements' })
@Index('IDX_inventory_movements_drop', ['dropId', 'variantId'])
@Index('IDX_inventory_movements_hold', ['holdId'])
// The monitor's per-second series of one drop reads its recent movements by time.
@Index('IDX_inventory_movements_drop_time', ['dropId', 'createdAt'])
@Check(
  'CHK_inventory_movements_kind',
  `"kind" IN ('hold', 'release', 'expire', 'sell', 'refund', 'adjust', 'return')`,
)
@Check('CHK_inventory_movements_quantity', `"quantity" <> 0`)
export class InventoryMovement {
  @PrimaryGeneratedColumn('increment', {
    type: 'bigint',
    primaryKeyConstraintName: 'PK_inventory_movements',
  })
  id: string;

  @Column({ type: 'uuid' })
  dropId: string;

  @Column({ type: 'uuid' })
  variantId: string;

  @Column({ type: 'uuid', nullable: true })
  holdId: string | null;

  @Column({ type: 'varchar', length: 16 })
  kind: MovementKind;

  /** Units moved; positive except for an `adjust` that takes units away. */
  @Column({ type: 'integer' })
  quantity: number;

  /** Null when the platform moved the units (an expiry). */
  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
