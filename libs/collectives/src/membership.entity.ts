import { User } from '@limited-run/identity';
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
} from 'typeorm';
import { Collective } from './collective.entity';

export const COLLECTIVE_ROLES = ['owner', 'staff'] as const;
export type CollectiveRoleName = (typeof COLLECTIVE_ROLES)[number];

/** A user's place in a collective. A collective always keeps at least one owner. */
@Entity({ name: 'collective_memberships' })
@Unique('UQ_collective_memberships_collective_user', ['collectiveId', 'userId'])
@Index('IDX_collective_memberships_user', ['userId'])
@Check('CHK_collective_memberships_role', `"role" IN ('owner', 'staff')`)
export class Membership {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_collective_memberships' })
  id: string;

  @Column({ type: 'uuid' })
  collectiveId: string;

  @ManyToOne(() => Collective, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'collective_id',
    foreignKeyConstraintName: 'FK_collective_memberships_collective',
  })
  collective?: Collective;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_collective_memberships_user' })
  user?: User;

  @Column({ type: 'varchar', length: 16 })
  role: CollectiveRoleName;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
