import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../user.entity';

/**
 * A mailed password-reset link's token, stored only as its SHA-256. Good once, for a short
 * time; a newer request for the same account revokes the older unused ones.
 */
@Entity({ name: 'password_reset_tokens' })
@Index('IDX_password_reset_tokens_user', ['userId'])
export class PasswordResetToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_password_reset_tokens_user' })
  user?: User;

  /** Hex SHA-256 of the token: a leaked table cannot be replayed. */
  @Index('UQ_password_reset_tokens_token_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  /** Set when a newer link was requested for the account before this one was used. */
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
