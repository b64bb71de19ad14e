import { Drop } from '@limited-run/drops';
import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';

/**
 * A drawn proof as the file fans download: the JSON built once when the draw is recorded,
 * gzip-compressed, served as is (and cached by clients and proxies: it never changes). A draw
 * of 200,000 entries is tens of megabytes of JSON; building it per download cost ~0.9 s and
 * hundreds of megabytes of memory each time.
 */
@Entity({ name: 'fairness_proof_files' })
export class FairnessProofFile {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_fairness_proof_files' })
  dropId: string;

  @OneToOne(() => Drop, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'drop_id', foreignKeyConstraintName: 'FK_fairness_proof_files_drop' })
  drop?: Drop;

  /** The proof's JSON, gzip-compressed. */
  @Column({ type: 'bytea' })
  bodyGzip: Buffer;

  /** Size of the JSON before compression. */
  @Column({ type: 'integer' })
  bodyBytes: number;

  /** A strong validator of the body (SHA-256 of the JSON, hex). */
  @Column({ type: 'char', length: 64 })
  etag: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
