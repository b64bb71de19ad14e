import { Drop } from '@limited-run/drops';
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ShippingProfile } from './shipping-profile.entity';

/** The profile a drop ships with: its countries are the only ones checkout accepts. */
@Entity({ name: 'drop_shipping_profiles' })
@Index('IDX_drop_shipping_profiles_profile', ['profileId'])
export class DropShippingProfile {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_drop_shipping_profiles' })
  dropId: string;

  @ManyToOne(() => Drop, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'drop_id', foreignKeyConstraintName: 'FK_drop_shipping_profiles_drop' })
  drop?: Drop;

  @Column({ type: 'uuid' })
  profileId: string;

  @ManyToOne(() => ShippingProfile, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'profile_id',
    foreignKeyConstraintName: 'FK_drop_shipping_profiles_profile',
  })
  profile?: ShippingProfile;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
