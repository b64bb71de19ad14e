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
} from 'typeorm';
import { Order } from '../orders/order.entity';

/**
 * "#17 of 250": one number of a numbered edition, given to a paid order. The partial unique
 * index gives each number one live owner; a refund voids the row and frees the number.
 */
@Entity({ name: 'order_serials' })
@Index('IDX_order_serials_live', ['variantId', 'serial'], {
  unique: true,
  where: `"voided_at" IS NULL`,
})
@Index('IDX_order_serials_order', ['orderId'])
@Check('CHK_order_serials_range', `"serial" >= 1 AND "serial" <= "edition_size"`)
export class OrderSerial {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_order_serials' })
  id: string;

  @Column({ type: 'uuid' })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'FK_order_serials_order' })
  order?: Order;

  @Column({ type: 'uuid' })
  variantId: string;

  @ManyToOne(() => Variant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'variant_id', foreignKeyConstraintName: 'FK_order_serials_variant' })
  variant?: Variant;

  @Column({ type: 'integer' })
  serial: number;

  /** The edition's size when the number was given: the "of 250". */
  @Column({ type: 'integer' })
  editionSize: number;

  @CreateDateColumn({ type: 'timestamptz' })
  issuedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  voidedAt: Date | null;
}
