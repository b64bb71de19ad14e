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
import { Item } from './item.entity';

/**
 * One edition of an item: a size of a hoodie, a pressing of a record. `allocated` is the sum
 * of the units drops have taken from the edition; it moves only through guarded UPDATEs and the
 * CHECK keeps it within the edition size whatever races against it (including a lower edition).
 * `collectiveId` is copied from the item so SKUs can be unique per collective.
 */
@Entity({ name: 'variants' })
@Unique('UQ_variants_collective_sku', ['collectiveId', 'sku'])
@Index('IDX_variants_item', ['itemId'])
@Check('CHK_variants_price', `"price_minor" >= 0`)
@Check('CHK_variants_currency', `"currency" ~ '^[A-Z]{3}$'`)
@Check('CHK_variants_edition_size', `"edition_size" > 0`)
@Check('CHK_variants_allocated', `"allocated" >= 0 AND "allocated" <= "edition_size"`)
export class Variant {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_variants' })
  id: string;

  @Column({ type: 'uuid' })
  itemId: string;

  @ManyToOne(() => Item, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'FK_variants_item' })
  item?: Item;

  @Column({ type: 'uuid' })
  collectiveId: string;

  @ManyToOne(() => Collective, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'collective_id', foreignKeyConstraintName: 'FK_variants_collective' })
  collective?: Collective;

  @Column({ type: 'varchar', length: 64 })
  sku: string;

  @Column({ type: 'varchar', length: 120 })
  label: string;

  @Column({ type: 'jsonb', default: {} })
  attributes: Record<string, unknown>;

  /** Integer minor units of `currency` (cents, pence, yen). */
  @Column({ type: 'integer' })
  priceMinor: number;

  /** ISO 4217, upper case. */
  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'integer' })
  editionSize: number;

  @Column({ type: 'boolean', default: false })
  numbered: boolean;

  @Column({ type: 'integer', default: 0 })
  allocated: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
