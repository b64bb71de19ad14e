import { Column, CreateDateColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What a refresh token and a password-reset link's token share: the token is stored only as its
 * hex SHA-256, so a leaked table cannot be replayed; it is good until `expiresAt` and once
 * (`usedAt`). Each entity names its own unique index on `tokenHash`.
 */
export abstract class HashedToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
