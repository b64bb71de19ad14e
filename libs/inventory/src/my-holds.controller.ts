import { CurrentPrincipal, type Principal, SignedIn } from '@limited-run/identity';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

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
    const rows = await this.dataSource.query<
      Array<Omit<MyHoldResponse, 'expiresAt' | 'createdAt'> & { expiresAt: Date; createdAt: Date }>
    >(
      `SELECT h.id AS "holdId", h.drop_id AS "dropId", d.name AS "dropName", h.variant_id AS "variantId",
              i.title AS "itemTitle", v.label AS "variantLabel", h.quantity, h.status,
              h.expires_at AS "expiresAt", h.created_at AS "createdAt"
         FROM holds h
         JOIN drops d ON d.id = h.drop_id
         JOIN variants v ON v.id = h.variant_id
         JOIN items i ON i.id = v.item_id
        WHERE h.user_id = $1
        ORDER BY h.created_at DESC, h.id
        LIMIT 100`,
      [principal.userId],
    );
    return {
      holds: rows.map((row) => ({
        ...row,
        expiresAt: new Date(row.expiresAt).toISOString(),
        createdAt: new Date(row.createdAt).toISOString(),
      })),
    };
  }
}
