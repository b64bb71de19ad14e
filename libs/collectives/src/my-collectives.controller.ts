import { CurrentPrincipal, SignedIn, type Principal } from '@limited-run/identity';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CollectivesService } from './collectives.service';
import { MembershipResponse } from './dto/membership.response';

@ApiTags('collectives')
@Controller('me/collectives')
export class MyCollectivesController {
  constructor(private readonly collectives: CollectivesService) {}

  @Get()
  @ApiOperation({ summary: 'The collectives you belong to, with your role in each.' })
  @SignedIn()
  @ApiOkResponse({ type: [MembershipResponse], description: "The caller's memberships." })
  async list(@CurrentPrincipal() principal: Principal): Promise<MembershipResponse[]> {
    return (await this.collectives.membershipsOf(principal.userId)).map((m) =>
      MembershipResponse.from(m),
    );
  }
}
