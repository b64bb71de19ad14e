import { CurrentPrincipal, type Principal, Public, SignedIn } from '@limited-run/identity';
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
import { EnterRaffleDto, RaffleEntryResponse, RaffleOddsResponse } from './dto/raffle.dto';
import { RaffleService } from './raffle.service';

const DROP = { name: 'drop', description: "The drop's id", format: 'uuid' } as const;

@ApiTags('raffles')
@Controller('drops/:drop/raffle')
@ApiParam(DROP)
export class RaffleController {
  constructor(private readonly raffles: RaffleService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: "The raffle's public odds: units against entries." })
  @ApiOkResponse({ type: RaffleOddsResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'NOT_A_RAFFLE' })
  async odds(@Param('drop', CanonicalUuidPipe) dropId: string): Promise<RaffleOddsResponse> {
    return RaffleOddsResponse.from(await this.raffles.odds(dropId));
  }

  @Post('entries')
  @SignedIn()
  @RateLimit('raffle', 'entriesPerIp')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Enter the raffle for one variant; one entry per fan, until the entry cutoff.',
  })
  @ApiCreatedResponse({ type: RaffleEntryResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND, VARIANT_NOT_IN_DROP' })
  @ApiConflictResponse({
    type: ErrorBody,
    description: 'NOT_A_RAFFLE, RAFFLE_CLOSED, ALREADY_ENTERED',
  })
  async enter(
    @CurrentPrincipal() principal: Principal,
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Body() body: EnterRaffleDto,
  ): Promise<RaffleEntryResponse> {
    return RaffleEntryResponse.from(
      await this.raffles.enter(principal.userId, dropId, body.variantId),
    );
  }

  @Delete('entries')
  @SignedIn()
  @RateLimit('raffle', 'entriesPerIp')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Withdraw your entry before the cutoff.' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND, NOT_ENTERED' })
  @ApiConflictResponse({ type: ErrorBody, description: 'NOT_A_RAFFLE, RAFFLE_CLOSED' })
  async withdraw(
    @CurrentPrincipal() principal: Principal,
    @Param('drop', CanonicalUuidPipe) dropId: string,
  ): Promise<void> {
    await this.raffles.withdraw(principal.userId, dropId);
  }

  @Get('me')
  @SignedIn()
  @ApiOperation({ summary: 'Your entry: status, drawn rank, the hold to claim if you won.' })
  @ApiOkResponse({ type: RaffleEntryResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND, NOT_ENTERED' })
  @ApiConflictResponse({ type: ErrorBody, description: 'NOT_A_RAFFLE' })
  async me(
    @CurrentPrincipal() principal: Principal,
    @Param('drop', CanonicalUuidPipe) dropId: string,
  ): Promise<RaffleEntryResponse> {
    return RaffleEntryResponse.from(await this.raffles.me(principal.userId, dropId));
  }
}
