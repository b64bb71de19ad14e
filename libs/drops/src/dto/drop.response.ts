import { ITEM_KIND_NAMES, ItemImageResponse, type ItemKindName } from '@limited-run/catalog';
import { type Paged, PageInfo, pageInfo, type PageRequest } from '@limited-run/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DROP_STATES, type DropState, RELEASE_MODES, type ReleaseMode } from '../drop.entity';
import type { DropLineView, DropView } from '../drop-views';
import { PUBLIC_DROP_STATES, publicDropState, type PublicDropState } from '../public-drop-state';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

const remainingOf = (line: DropLineView): number => line.quantityAllocated - line.held - line.sold;

export class DropCollectiveResponse {
  @ApiProperty({ example: 'night-shift' })
  slug: string;

  @ApiProperty({ example: 'Night Shift' })
  name: string;
}

export class DropItemResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ITEM_KIND_NAMES, example: 'vinyl' })
  kind: ItemKindName;

  @ApiProperty({ example: 'Night Shift — Afterhours LP' })
  title: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { format: 'LP', rpm: 33 } })
  attributes: Record<string, unknown>;

  @ApiProperty({ example: ['https://cdn.example.com/ns/afterhours.jpg'] })
  mediaUrls: string[];

  @ApiProperty({ type: [ItemImageResponse], description: 'In the order the collective chose.' })
  images: ItemImageResponse[];

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: null,
    description: 'A pre-release item (a pressing still at the plant) ships from this day.',
  })
  expectedShipDate: string | null;
}

export class DropVariantResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'NS-LP-RED' })
  sku: string;

  @ApiProperty({ example: 'Clear red, 180 g' })
  label: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { colourway: 'clear red', weightGrams: 180, pressing: 1 },
  })
  attributes: Record<string, unknown>;

  @ApiProperty({ example: true })
  numbered: boolean;

  @ApiProperty({
    example: 250,
    description: 'Units the edition has in all: a numbered unit reads "#17 of 250".',
  })
  editionSize: number;
}

export class PublicDropLineResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: DropVariantResponse })
  variant: DropVariantResponse;

  @ApiProperty({ type: DropItemResponse })
  item: DropItemResponse;

  @ApiProperty({ example: 3200, description: 'Integer minor units of `currency`.' })
  priceMinor: number;

  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiProperty({ example: 150, description: 'Units of the variant on sale in this drop.' })
  allocated: number;

  @ApiProperty({ example: 148, description: 'Units neither held nor sold.' })
  remaining: number;

  static from(line: DropLineView): PublicDropLineResponse {
    const { variant } = line;
    return {
      id: line.id,
      variant: {
        id: variant.id,
        sku: variant.sku,
        label: variant.label,
        attributes: variant.attributes,
        numbered: variant.numbered,
        editionSize: variant.editionSize,
      },
      item: {
        id: variant.item.id,
        kind: variant.item.kind,
        title: variant.item.title,
        attributes: variant.item.attributes,
        mediaUrls: variant.item.mediaUrls,
        images: ItemImageResponse.list(variant.item.images),
        expectedShipDate: variant.item.expectedShipDate ?? null,
      },
      // Scheduled and later drops sell at the price copied when they were scheduled.
      priceMinor: line.priceMinor ?? variant.priceMinor,
      currency: line.currency ?? variant.currency,
      allocated: line.quantityAllocated,
      remaining: remainingOf(line),
    };
  }
}

export class DropLineResponse extends PublicDropLineResponse {
  @ApiProperty({ example: 1 })
  held: number;

  @ApiProperty({ example: 1 })
  sold: number;

  @ApiProperty({
    example: true,
    description:
      "The price was fixed when the drop was scheduled; before that it follows the variant's.",
  })
  priceFrozen: boolean;

  @ApiProperty({ example: 150 })
  editionSize: number;

  @ApiProperty({ example: 150, description: 'Units of the edition allocated across all drops.' })
  editionAllocated: number;

  static override from(line: DropLineView): DropLineResponse {
    return {
      ...PublicDropLineResponse.from(line),
      held: line.held,
      sold: line.sold,
      priceFrozen: line.priceMinor !== null,
      editionSize: line.variant.editionSize,
      editionAllocated: line.variant.allocated,
    };
  }
}

export class PublicDropSummaryResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: DropCollectiveResponse })
  collective: DropCollectiveResponse;

  @ApiProperty({ example: 'Winter capsule' })
  name: string;

  @ApiProperty({ example: 'winter-capsule' })
  slug: string;

  @ApiProperty({ example: 'Hoodies and a clear-red pressing.' })
  description: string;

  @ApiProperty({
    enum: PUBLIC_DROP_STATES,
    example: 'scheduled',
    description:
      'What is happening: `early_access` while a waitlist_first drop sells to its waitlist. ' +
      "(A collective's own view carries the stored lifecycle state, drafts included.)",
  })
  state: DropState | PublicDropState;

  @ApiProperty({ enum: RELEASE_MODES, example: 'first_come' })
  releaseMode: ReleaseMode;

  @ApiProperty({ example: '2026-12-05T18:00:00.000Z', description: 'The instant the drop opens.' })
  startsAt: string;

  @ApiProperty({ example: '2026-12-06T18:00:00.000Z', nullable: true, type: String })
  endsAt: string | null;

  @ApiProperty({ example: null, nullable: true, type: String })
  earlyAccessStartsAt: string | null;

  @ApiProperty({ example: null, nullable: true, type: String })
  entryClosesAt: string | null;

  @ApiProperty({ example: 600 })
  holdSeconds: number;

  @ApiProperty({ example: 2 })
  perCustomerLimit: number;

  @ApiProperty({ enum: ITEM_KIND_NAMES, isArray: true, example: ['garment', 'vinyl'] })
  kinds: ItemKindName[];

  @ApiProperty({ example: 450, description: 'Units on sale across all lines.' })
  unitsOnSale: number;

  @ApiProperty({ example: 447, description: 'Units neither held nor sold, across all lines.' })
  remaining: number;

  static from({ drop, collective, lines }: DropView): PublicDropSummaryResponse {
    return {
      id: drop.id,
      collective: { slug: collective.slug, name: collective.name },
      name: drop.name,
      slug: drop.slug,
      description: drop.description,
      state: publicDropState(drop) ?? drop.state,
      releaseMode: drop.releaseMode,
      startsAt: drop.startsAt.toISOString(),
      endsAt: iso(drop.endsAt),
      earlyAccessStartsAt: iso(drop.earlyAccessStartsAt),
      entryClosesAt: iso(drop.entryClosesAt),
      holdSeconds: drop.holdSeconds,
      perCustomerLimit: drop.perCustomerLimit,
      kinds: [...new Set(lines.map((l) => l.variant.item.kind))].sort(),
      unitsOnSale: lines.reduce((sum, l) => sum + l.quantityAllocated, 0),
      remaining: lines.reduce((sum, l) => sum + remainingOf(l), 0),
    };
  }
}

export class PublicDropResponse extends PublicDropSummaryResponse {
  @ApiProperty({ type: [PublicDropLineResponse] })
  lines: PublicDropLineResponse[];

  static override from(view: DropView): PublicDropResponse {
    return {
      ...PublicDropSummaryResponse.from(view),
      lines: view.lines.map((l) => PublicDropLineResponse.from(l)),
    };
  }
}

export class PublicDropListResponse extends PageInfo {
  @ApiProperty({ type: [PublicDropSummaryResponse] })
  drops: PublicDropSummaryResponse[];

  static from(result: Paged<DropView>, page: PageRequest): PublicDropListResponse {
    return {
      drops: result.rows.map((view) => PublicDropSummaryResponse.from(view)),
      ...pageInfo(result, page),
    };
  }
}

/** What the collective sees of its own drop, drafts included. */
export class DropResponse extends PublicDropSummaryResponse {
  @ApiProperty({
    enum: DROP_STATES,
    example: 'scheduled',
    description: 'The stored lifecycle state.',
  })
  declare state: DropState;

  @ApiProperty({
    enum: PUBLIC_DROP_STATES,
    nullable: true,
    example: 'scheduled',
    description: 'What fans read (null for a draft).',
  })
  publicState: PublicDropState | null;

  @ApiProperty({ type: [DropLineResponse] })
  lines: DropLineResponse[];

  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' })
  updatedAt: string;

  @ApiPropertyOptional({ example: null, nullable: true, type: String })
  openedAt: string | null;

  @ApiPropertyOptional({ example: null, nullable: true, type: String })
  closedAt: string | null;

  @ApiPropertyOptional({ example: null, nullable: true, type: String })
  cancelledAt: string | null;

  static override from(view: DropView): DropResponse {
    const { drop } = view;
    return {
      ...PublicDropSummaryResponse.from(view),
      state: drop.state,
      publicState: publicDropState(drop),
      lines: view.lines.map((l) => DropLineResponse.from(l)),
      createdAt: drop.createdAt.toISOString(),
      updatedAt: drop.updatedAt.toISOString(),
      openedAt: iso(drop.openedAt),
      closedAt: iso(drop.closedAt),
      cancelledAt: iso(drop.cancelledAt),
    };
  }
}

export class DropListResponse extends PageInfo {
  @ApiProperty({ type: [DropResponse] })
  drops: DropResponse[];

  static from(result: Paged<DropView>, page: PageRequest): DropListResponse {
    return {
      drops: result.rows.map((view) => DropResponse.from(view)),
      ...pageInfo(result, page),
    };
  }
}
