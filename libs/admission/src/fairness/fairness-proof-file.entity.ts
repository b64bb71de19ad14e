import { Drop } from '@limited-run/drops';
import { Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { GzippedJsonBody } from './gzipped-json-body';

/**
 * A drawn proof as the file fans download: the JSON built once when the draw is recorded,
 * gzip-compressed, served as is (and cached by clients and proxies: it never changes). A draw
 * of 200,000 entries is tens of megabytes of JSON; building it per download cost ~0.9 s and
 * hundreds of megabytes of memory each time.
 */
@Entity({ name: 'fairness_proof_files' })
export class FairnessProofFile extends GzippedJsonBody {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_fairness_proof_files' })
  dropId: string;

  @OneToOne(() => Drop, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'drop_id', foreignKeyConstraintName: 'FK_fairness_proof_files_drop' })
  drop?: Drop;
}
