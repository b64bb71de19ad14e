import { Variant } from '@limited-run/catalog';
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
import { Drop } from './drop.entity';

/**
 * Units of one variant released in one drop. `quantityAllocated` is taken from the variant's
 * edition when the line is written (see `EditionAllocator`). `held` and `sold` are the scarcity
 * engine's counters, moved by inventory through `line-counters.ts`; the CHECK makes overselling a
 * line impossible whatever writes them.
 * The price is copied from the variant when the drop is scheduled and never changes after.
 */
@Entity({ name: 'drop_lines' })
@Unique('UQ_drop_lines_drop_variant', ['dropId', 'variantId'])
@Index('IDX_drop_lines_variant', ['variantId'])
@Check('CHK_drop_lines_quantity', `"quantity_allocated" >= 0`)
@Check('CHK_drop_lines_returned', `"returned_to_edition" >= 0`)
@Check(
  'CHK_drop_lines_counters',
  `"held" >= 0 AND "sold" >= 0 AND "held" + "sold" <= "quantity_allocated"`,
)
@Check(
  'CHK_drop_lines_price',
  `("price_minor" IS NULL) = ("currency" IS NULL) AND ("price_minor" IS NULL OR "price_minor" >= 0) AND ("currency" IS NULL OR "currency" ~ '^[A-Z]{3}$')`,
)
export class DropLine {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_drop_lines' })
  id: string;

  @Column({ type: 'uuid' })
  dropId: string;

  @ManyToOne(() => Drop, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'drop_id', foreignKeyConstraintName: 'FK_drop_lines_drop' })
  drop?: Drop;

  @Column({ type: 'uuid' })
  variantId: string;

  @ManyToOne(() => Variant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'variant_id', foreignKeyConstraintName: 'FK_drop_lines_variant' })
  variant?: Variant;

  @Column({ type: 'integer' })
  quantityAllocated: number;

  @Column({ type: 'integer', default: 0 })
  held: number;

  @Column({ type: 'integer', default: 0 })
  sold: number;

  /**
   * Units this line gave back to the edition when its drop ended (closed or cancelled);
   * `quantityAllocated` shrank by as many, so the edition's `allocated` stays the sum of its lines.
   */
  @Column({ type: 'integer', default: 0 })
  returnedToEdition: number;

  /** Null until the drop is scheduled; from then on the price fans pay. */
  @Column({ type: 'integer', nullable: true })
  priceMinor: number | null;

  @Column({ type: 'char', length: 3, nullable: true })
  currency: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
