import { CurrentPrincipal, type Principal, SignedIn } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody, RateLimit } from '@limited-run/platform';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { JoinWaitlistDto, WaitlistResponse } from '../dto/waitlist.dto';
import { WaitlistService } from './waitlist.service';

const DROP = { name: 'drop', description: "The drop's id", format: 'uuid' } as const;

@ApiTags('waitlists')
@Controller('drops/:drop/waitlist')
@SignedIn()
@ApiParam(DROP)
export class WaitlistController {
  constructor(private readonly waitlists: WaitlistService) {}

  @Post()
  @RateLimit('waitlist', 'entriesPerIp')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Join the waitlist (or change the variant wanted, keeping your place).',
    description:
      'Told when the drop (or its early access) opens; waitlist_first drops give early access ' +
      'to fans who joined before it began; after a sellout, units that come back are offered ' +
      'to the waitlist in order.',
  })
  @ApiCreatedResponse({ type: WaitlistResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND, VARIANT_NOT_IN_DROP' })
  @ApiConflictResponse({ type: ErrorBody, description: 'WAITLIST_CLOSED' })
  async join(
    @CurrentPrincipal() principal: Principal,
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Body() body: JoinWaitlistDto,
  ): Promise<WaitlistResponse> {
    return WaitlistResponse.from(
      await this.waitlists.join(principal.userId, dropId, body.variantId ?? null),
    );
  }

  @Delete()
  @RateLimit('waitlist', 'entriesPerIp')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Leave the waitlist.' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND, NOT_ON_WAITLIST' })
  async leave(
    @CurrentPrincipal() principal: Principal,
    @Param('drop', CanonicalUuidPipe) dropId: string,
  ): Promise<void> {
    await this.waitlists.leave(principal.userId, dropId);
  }

  @Get('me')
  @ApiOperation({ summary: 'Your place on the waitlist and how many wait.' })
  @ApiOkResponse({ type: WaitlistResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND, NOT_ON_WAITLIST' })
  async me(
    @CurrentPrincipal() principal: Principal,
    @Param('drop', CanonicalUuidPipe) dropId: string,
  ): Promise<WaitlistResponse> {
    return WaitlistResponse.from(await this.waitlists.me(principal.userId, dropId));
  }
}
