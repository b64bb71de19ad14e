import { CollectiveRole, type CollectiveRef, CurrentCollective } from '@limited-run/collectives';
import { DropResponse } from '@limited-run/drops';
import { type Actor, CurrentActor } from '@limited-run/identity';
import { ErrorBody } from '@limited-run/platform';
import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CancellationPreviewResponse } from './cancellation-preview.response';
import { DropCancellation } from './drop-cancellation';

const DROP_PARAM = { name: 'drop', description: "The drop's id", format: 'uuid' } as const;

/** Cancelling a collective's drop, and seeing first what that will do. */
@ApiTags('drops')
@Controller('collectives/:collective/drops/:drop')
export class DropCancellationController {
  constructor(private readonly cancellation: DropCancellation) {}

  @Get('cancellation')
  @CollectiveRole('staff')
  @ApiParam(DROP_PARAM)
  @ApiOperation({
    summary: 'What cancelling this drop would do, before confirming.',
    description:
      'Counts of active holds, open checkouts, raffle and waitlist entries it closes, paid ' +
      'orders that stay valid, and units that go back to the editions.',
  })
  @ApiOkResponse({ type: CancellationPreviewResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND' })
  async preview(
    @CurrentCollective() collective: CollectiveRef,
    @Param('drop', new ParseUUIDPipe()) dropId: string,
  ): Promise<CancellationPreviewResponse> {
    return this.cancellation.preview(collective.id, dropId);
  }

  @Post('cancel')
  @HttpCode(HttpStatus.OK)
  @CollectiveRole('staff')
  @ApiParam(DROP_PARAM)
  @ApiOperation({
    summary: 'Cancel a draft, scheduled or live drop, ending everything it started.',
    description:
      'Open checkout sessions are expired first; then, in one transaction, every active hold ' +
      'is released, raffle and waitlist entries are closed (fans are told), and every unit ' +
      'not sold goes back to its edition. The waiting room shuts. A payment that still lands ' +
      'is refunded once, with a mail saying why. Paid orders stay valid.',
  })
  @ApiOkResponse({ type: DropResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'INVALID_DROP_TRANSITION' })
  async cancel(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('drop', new ParseUUIDPipe()) dropId: string,
  ): Promise<DropResponse> {
    return DropResponse.from(await this.cancellation.cancel(actor, collective, dropId));
  }
}
