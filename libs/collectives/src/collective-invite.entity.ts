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
import type { CollectiveRoleName } from './membership.entity';

/**
 * An offer of membership to an email address. Only the SHA-256 of the token is kept, so a
 * database leak does not hand out memberships; the plaintext exists in the owner's response
 * and the invitee's mail.
 */
@Entity({ name: 'collective_invites' })
@Unique('UQ_collective_invites_token_hash', ['tokenHash'])
@Index('IDX_collective_invites_pending', ['collectiveId', 'createdAt'], {
  where: `"accepted_at" IS NULL AND "revoked_at" IS NULL`,
})
@Check('CHK_collective_invites_role', `"role" IN ('owner', 'staff')`)
@Check('CHK_collective_invites_email_lowercase', `"email" = lower("email")`)
export class CollectiveInvite {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_collective_invites' })
  id: string;

  @Column({ type: 'uuid' })
  collectiveId: string;

  @ManyToOne(() => Collective, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'collective_id',
    foreignKeyConstraintName: 'FK_collective_invites_collective',
  })
  collective?: Collective;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 16 })
  role: CollectiveRoleName;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'uuid' })
  invitedByUserId: string;

  @ManyToOne(() => User, { onDelete: 'NO ACTION' })
  @JoinColumn({
    name: 'invited_by_user_id',
    foreignKeyConstraintName: 'FK_collective_invites_invited_by',
  })
  invitedBy?: User;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acceptedByUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'NO ACTION' })
  @JoinColumn({
    name: 'accepted_by_user_id',
    foreignKeyConstraintName: 'FK_collective_invites_accepted_by',
  })
  acceptedBy?: User | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
