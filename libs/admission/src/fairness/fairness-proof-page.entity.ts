import { Drop } from '@limited-run/drops';
import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { GzippedJsonBody } from './gzipped-json-body';

/**
 * One page of a large drawn proof (`FAIRNESS_PROOF_PAGE_SIZE` entries): its slice of the entry
 * list and of the drawn order as JSON, gzip-compressed, built once at the draw and then only
 * read. The manifest in `fairness_proof_files` commits to every page by its hash.
 */
@Entity({ name: 'fairness_proof_pages' })
export class FairnessProofPage extends GzippedJsonBody {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_fairness_proof_pages' })
  dropId: string;

  /** From 0. */
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_fairness_proof_pages' })
  page: number;

  @ManyToOne(() => Drop, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'drop_id', foreignKeyConstraintName: 'FK_fairness_proof_pages_drop' })
  drop?: Drop;
}
