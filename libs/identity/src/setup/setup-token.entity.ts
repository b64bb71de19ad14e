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
 * A one-time token that lets the first platform admin be created from the browser. Issued only
 * while no admin exists, stored only as its SHA-256, good once and for a day.
 */
@Entity({ name: 'setup_tokens' })
export class SetupToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Hex SHA-256 of the token: a leaked table cannot be replayed. */
  @Index('UQ_setup_tokens_token_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  /** The admin it created. */
  @Column({ type: 'uuid', nullable: true })
  usedByUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'used_by_user_id', foreignKeyConstraintName: 'FK_setup_tokens_used_by' })
  usedBy?: User;
}
