import {
  type FairnessProof,
  PROOF_KINDS,
  type ProofKind,
  type ProofResult,
} from '@limited-run/fairness';
import { ApiProperty } from '@nestjs/swagger';

export class ProofResultResponse implements ProofResult {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { '6f1c…': 50 },
    description: 'Units on offer per variant id when the order was drawn.',
  })
  units: Record<string, number>;

  @ApiProperty({ type: [String], description: 'Every entry id in drawn order.' })
  order: string[];

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
export class FairnessProofResponse implements FairnessProof {
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

  static from(proof: FairnessProof): FairnessProofResponse {
    return Object.assign(new FairnessProofResponse(), proof);
  }
}
