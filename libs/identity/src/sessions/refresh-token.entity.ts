import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { AuthSession } from './auth-session.entity';
import { HashedToken } from './hashed-token';

/**
 * A refresh token, stored only as its SHA-256. A used token is kept (with `usedAt`) so that
 * presenting it again is recognised as theft and revokes its whole session.
 */
@Entity({ name: 'refresh_tokens' })
@Index('IDX_refresh_tokens_session', ['sessionId'])
@Index('UQ_refresh_tokens_token_hash', ['tokenHash'], { unique: true })
export class RefreshToken extends HashedToken {
  @Column({ type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => AuthSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_refresh_tokens_session' })
  session?: AuthSession;
}
