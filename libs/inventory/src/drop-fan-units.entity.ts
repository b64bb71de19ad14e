import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Units a fan has in one drop (active and converted holds). One row per fan and drop, moved
 * by guarded upserts, so the per-customer limit holds in Postgres even if Redis is wrong.
 */
@Entity({ name: 'drop_fan_units' })
@Check('CHK_drop_fan_units_units', `"units" >= 0`)
export class DropFanUnits {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_drop_fan_units' })
  dropId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_drop_fan_units' })
  userId: string;

  @Column({ type: 'integer' })
  units: number;
}
