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
  UpdateDateColumn,
} from 'typeorm';
import type { ItemKindName } from './kinds/item-kinds';

/**
 * A limited-run item of any kind. `kind` is not constrained to a list in SQL: the registry in
 * `kinds/item-kinds.ts` is the one source of truth, so a new kind needs no migration.
 */
@Entity({ name: 'items' })
@Index('IDX_items_collective', ['collectiveId', 'createdAt'])
@Check('CHK_items_kind', `"kind" ~ '^[a-z][a-z0-9_]*$'`)
export class Item {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_items' })
  id: string;

  @Column({ type: 'uuid' })
  collectiveId: string;

  @ManyToOne(() => Collective, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'collective_id', foreignKeyConstraintName: 'FK_items_collective' })
  collective?: Collective;

  @Column({ type: 'varchar', length: 32 })
  kind: ItemKindName;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'jsonb', default: [] })
  mediaUrls: string[];

  /** Validated against the kind's class on every write. */
  @Column({ type: 'jsonb', default: {} })
  attributes: Record<string, unknown>;

  /**
   * When the item can first leave the warehouse (a pressing still at the plant), `YYYY-MM-DD`;
   * null: it ships as soon as it is sold. Orders copy it and cannot be shipped before it.
   */
  @Column({ type: 'date', nullable: true })
  expectedShipDate: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
