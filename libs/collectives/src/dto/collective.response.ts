import { type Paged, PageInfo, pageInfo, type PageRequest } from '@limited-run/platform';
import { ApiProperty } from '@nestjs/swagger';
import type { CollectiveRef } from '../collective-access';
import type { Collective } from '../collective.entity';

/** What anyone may see of a collective. */
export class CollectiveProfileResponse {
  @ApiProperty({ format: 'uuid', example: '0b5a3f1e-8c1d-4e5f-9a7b-2c3d4e5f6a7b' })
  id: string;

  @ApiProperty({ example: 'Night Shift Records' })
  name: string;

  @ApiProperty({ example: 'night-shift' })
  slug: string;

  static from(collective: CollectiveRef): CollectiveProfileResponse {
    return { id: collective.id, name: collective.name, slug: collective.slug };
  }
}

export class CollectiveResponse extends CollectiveProfileResponse {
  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' })
  createdAt: string;

  static override from(collective: Collective): CollectiveResponse {
    return {
      id: collective.id,
      name: collective.name,
      slug: collective.slug,
      createdAt: collective.createdAt.toISOString(),
    };
  }
}

export class CollectivePageResponse extends PageInfo {
  @ApiProperty({ type: [CollectiveResponse] })
  items: CollectiveResponse[];

  static from(result: Paged<Collective>, page: PageRequest): CollectivePageResponse {
    return {
      items: result.rows.map((c) => CollectiveResponse.from(c)),
      ...pageInfo(result, page),
    };
  }
}
