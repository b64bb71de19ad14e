import { CurrentPrincipal, type Principal, SignedIn } from '@limited-run/identity';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { readFanHolds } from './fan-holds';

export class MyHoldResponse {
  @ApiProperty({ format: 'uuid' })
  holdId: string;

  @ApiProperty({ format: 'uuid' })
  dropId: string;

  @ApiProperty({ example: 'Afterhours release night' })
  dropName: string;

  @ApiProperty({ format: 'uuid' })
  variantId: string;

  @ApiProperty({ example: 'Afterhours LP' })
  itemTitle: string;

  @ApiProperty({ example: 'Clear red, 180 g' })
  variantLabel: string;

  @ApiProperty({ example: 1 })
  quantity: number;

  @ApiProperty({ enum: ['active', 'released', 'expired', 'converted'] })
  status: string;

  @ApiProperty({ example: '2026-12-05T18:10:00.000Z' })
  expiresAt: string;

  @ApiProperty({ example: '2026-12-05T18:00:00.000Z' })
  createdAt: string;
}

export class MyHoldListResponse {
  @ApiProperty({ type: [MyHoldResponse] })
  holds: MyHoldResponse[];
}

/** A fan's own holds, newest first: the account page's "holds" list. */
@ApiTags('holds')
@Controller('me/holds')
@SignedIn()
export class MyHoldsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({
    summary: 'Your holds, newest first (the latest 100), active ones with their expiry.',
  })
  @ApiOkResponse({ type: MyHoldListResponse })
  async list(@CurrentPrincipal() principal: Principal): Promise<MyHoldListResponse> {
    const holds = await readFanHolds(this.dataSource, principal.userId);
    return {
      holds: holds.map((hold) => ({
        ...hold,
        expiresAt: hold.expiresAt.toISOString(),
        createdAt: hold.createdAt.toISOString(),
      })),
    };
  }
}
