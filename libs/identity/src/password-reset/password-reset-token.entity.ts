import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { HashedToken } from '../sessions/hashed-token';
import { User } from '../user.entity';

/**
 * A mailed password-reset link's token, stored only as its SHA-256. Good once, for a short
 * time; a newer request for the same account revokes the older unused ones.
 */
@Entity({ name: 'password_reset_tokens' })
@Index('IDX_password_reset_tokens_user', ['userId'])
@Index('UQ_password_reset_tokens_token_hash', ['tokenHash'], { unique: true })
export class PasswordResetToken extends HashedToken {
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_password_reset_tokens_user' })
  user?: User;

  /** Set when a newer link was requested for the account before this one was used. */
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
