import {
  type FairnessProof,
  PROOF_KINDS,
  type ProofPage,
  type ProofPages,
  type ProofKind,
  type ProofResult,
} from '@limited-run/fairness';
import { ApiProperty } from '@nestjs/swagger';

export class ProofPagesResponse implements ProofPages {
  @ApiProperty({
    example: 25000,
    description: 'Entries per page; every page but the last is full.',
  })
  size: number;

  @ApiProperty({ example: 8 })
  count: number;

  @ApiProperty({
    type: [String],
    description:
      'Per page, SHA-256 (hex) of its entry lines then its order ids, all joined by "\\n".',
  })
  hashes: string[];
}

/** One page of a paged proof: the same slice of the entry list and of the drawn order. */
export class ProofPageResponse implements ProofPage {
  @ApiProperty({ format: 'uuid' })
  dropId: string;

  @ApiProperty({ example: 0, description: 'From 0.' })
  page: number;

  @ApiProperty({ type: [String], description: 'This slice of the canonical entry list.' })
  entries: string[];

  @ApiProperty({ type: [String], description: 'The same slice of the drawn order.' })
  order: string[];
}

export class ProofResultResponse implements Omit<ProofResult, 'order'> {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { '6f1c…': 50 },
    description: 'Units on offer per variant id when the order was drawn.',
  })
  units: Record<string, number>;

  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'Every entry id in drawn order; null in a paged proof (the pages carry it).',
  })
  order: string[] | null;

  @ApiProperty({
    type: [String],
    required: false,
    description: 'Raffle: the entries that won a unit in the draw.',
  })
  winners?: string[];
}

/**
 * Everything needed to check a draw: `npm run verify:fairness -- <this document or its URL>`
 * recomputes it with nothing but Node's crypto.
 */
export class FairnessProofResponse implements Omit<FairnessProof, 'result'> {
  @ApiProperty({ example: 1 })
  version: 1;

  @ApiProperty({ enum: PROOF_KINDS, example: 'raffle' })
  kind: ProofKind;

  @ApiProperty({ format: 'uuid' })
  dropId: string;

  @ApiProperty({ example: '9f2b…', description: 'SHA-256 (hex) of the 32 seed bytes.' })
  commitment: string;

  @ApiProperty({ type: String, nullable: true, description: 'Revealed at the draw; null before.' })
  seed: string | null;

  @ApiProperty({ type: Number, nullable: true })
  entryCount: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'SHA-256 of the canonical entry list.',
  })
  entryListHash: string | null;

  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'The canonical entry list: "<entryId>" or "<entryId>,<variantId>", sorted by id.',
  })
  entries: string[] | null;

  @ApiProperty({ description: 'The rule that orders entries, in words.' })
  orderingRule: string;

  @ApiProperty({ type: ProofResultResponse, nullable: true })
  result: ProofResultResponse | null;

  @ApiProperty({ type: String, nullable: true })
  drawnAt: string | null;

  @ApiProperty({
    type: ProofPagesResponse,
    required: false,
    description:
      'A large draw only: `entries` and `result.order` are null here and come in pages ' +
      '(`GET /drops/{drop}/fairness/pages/{page}`), each committed to by its hash.',
  })
  pages?: ProofPagesResponse;

  static from(proof: FairnessProof): FairnessProofResponse {
    return Object.assign(new FairnessProofResponse(), proof);
  }
}
