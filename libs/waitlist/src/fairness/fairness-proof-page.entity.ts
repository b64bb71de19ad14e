import { Drop } from '@limited-run/drops';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * One page of a large drawn proof (`FAIRNESS_PROOF_PAGE_SIZE` entries): its slice of the entry
 * list and of the drawn order as JSON, gzip-compressed, built once at the draw and then only
 * read. The manifest in `fairness_proof_files` commits to every page by its hash.
 */
@Entity({ name: 'fairness_proof_pages' })
export class FairnessProofPage {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_fairness_proof_pages' })
  dropId: string;

  /** From 0. */
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_fairness_proof_pages' })
  page: number;

  @ManyToOne(() => Drop, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'drop_id', foreignKeyConstraintName: 'FK_fairness_proof_pages_drop' })
  drop?: Drop;

  /** The page's JSON, gzip-compressed. */
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
