import type { ProofKind, ProofResult } from '@limited-run/fairness';
import { Drop } from '@limited-run/drops';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
} from 'typeorm';

/**
 * A drop's draw: the seed (secret until `drawnAt`), its commitment (public from the start),
 * and once drawn the canonical entry list, its hash and the result. A trigger refuses any
 * change to the seed or commitment and any change at all once drawn; a CHECK ties the
 * commitment to the seed.
 */
@Entity({ name: 'drop_fairness' })
@Check('CHK_drop_fairness_kind', `"kind" IN ('raffle', 'queue')`)
@Check(
  'CHK_drop_fairness_commitment',
  `"commitment" = encode(sha256(decode("seed", 'hex')), 'hex')`,
)
@Check(
  'CHK_drop_fairness_drawn',
  `("drawn_at" IS NULL) = ("result" IS NULL) AND ("drawn_at" IS NULL) = ("entries" IS NULL) AND ("drawn_at" IS NULL) = ("entry_list_hash" IS NULL) AND ("drawn_at" IS NULL) = ("entry_count" IS NULL)`,
)
export class DropFairness {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_drop_fairness' })
  dropId: string;

  @OneToOne(() => Drop, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'drop_id', foreignKeyConstraintName: 'FK_drop_fairness_drop' })
  drop?: Drop;

  @Column({ type: 'varchar', length: 8 })
  kind: ProofKind;

  /** Never returned before `drawnAt` (see FairnessService). */
  @Column({ type: 'char', length: 64 })
  seed: string;

  @Column({ type: 'char', length: 64 })
  commitment: string;

  @Column({ type: 'integer', nullable: true })
  entryCount: number | null;

  @Column({ type: 'char', length: 64, nullable: true })
  entryListHash: string | null;

  /** The canonical entry list joined by "\n"; large, so loaded only for the proof. */
  @Column({ type: 'text', nullable: true, select: false })
  entries: string | null;

  @Column({ type: 'jsonb', nullable: true, select: false })
  result: ProofResult | null;

  @Column({ type: 'timestamptz', nullable: true })
  drawnAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
