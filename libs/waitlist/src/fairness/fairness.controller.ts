import { Public } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { FairnessProofResponse } from '../dto/fairness-proof.response';
import { FairnessService } from './fairness.service';

@ApiTags('fairness')
@Controller('drops/:drop/fairness')
@Public()
export class FairnessController {
  constructor(private readonly fairness: FairnessService) {}

  @Get()
  @ApiParam({ name: 'drop', description: "The drop's id", format: 'uuid' })
  @ApiOperation({
    summary: "The drop's draw: its commitment before, the full proof after.",
    description:
      'A raffle, or a first_come waiting room whose pre-queue is shuffled at the opening. ' +
      'Before the draw: the commitment (SHA-256 of the secret seed) and the ordering rule. ' +
      'After: the seed, the canonical entry list and its hash, the order and the winners. ' +
      'Check it with `npm run verify:fairness -- <this URL>`.',
  })
  @ApiOkResponse({ type: FairnessProofResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND, NO_FAIRNESS_PROOF' })
  async get(@Param('drop', CanonicalUuidPipe) dropId: string): Promise<FairnessProofResponse> {
    return FairnessProofResponse.from(await this.fairness.proof(dropId));
  }
}
