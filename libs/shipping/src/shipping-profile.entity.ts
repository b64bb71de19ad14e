import { Collective } from '@limited-run/collectives';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import type { ShippingZone } from './shipping-rates';

/**
 * How a collective ships: zones of countries, each with its rates, in one currency. Zones are
 * kept as one validated document: a profile is read and replaced whole, and orders copy what
 * they were charged, so editing a profile never changes an order.
 */
@Entity({ name: 'shipping_profiles' })
@Unique('UQ_shipping_profiles_name', ['collectiveId', 'name'])
@Check('CHK_shipping_profiles_currency', `"currency" ~ '^[A-Z]{3}$'`)
@Check('CHK_shipping_profiles_zones', `jsonb_typeof("zones") = 'array'`)
export class ShippingProfile {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_shipping_profiles' })
  id: string;

  @Column({ type: 'uuid' })
  collectiveId: string;

  @ManyToOne(() => Collective, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'collective_id',
    foreignKeyConstraintName: 'FK_shipping_profiles_collective',
  })
  collective?: Collective;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'jsonb' })
  zones: ShippingZone[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
