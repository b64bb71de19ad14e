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
import { User } from '../user.entity';

export const SESSION_REVOCATION_REASONS = [
  'logout',
  'password_change',
  'refresh_token_reuse',
  'suspended',
] as const;
export type SessionRevocationReason = (typeof SESSION_REVOCATION_REASONS)[number];

/**
 * One sign-in: the family of refresh tokens rotated from one login. Revoking it ends every
 * token of the family, including access tokens already issued (they carry its id).
 */
@Entity({ name: 'auth_sessions' })
@Index('IDX_auth_sessions_user', ['userId'])
@Check(
  'CHK_auth_sessions_revoked_reason',
  `"revoked_reason" IS NULL OR "revoked_reason" IN ('logout', 'password_change', 'refresh_token_reuse', 'suspended')`,
)
export class AuthSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_auth_sessions_user' })
  user?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  revokedReason: SessionRevocationReason | null;
}
