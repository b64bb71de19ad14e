import { ApiProperty } from '@nestjs/swagger';
import { ITEM_KIND_NAMES, ITEM_KINDS, type ItemKindName } from '../kinds/item-kinds';
import { type AttributesSchema, kindAttributesSchema } from '../kinds/kind-schemas';

const JSON_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  description: 'A JSON Schema of the attributes object (properties, required, enums, bounds).',
} as const;

export class ItemKindExamplesResponse {
  @ApiProperty({ type: 'object', additionalProperties: true, example: { colour: 'washed black' } })
  item: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { size: 'M' } })
  variant: Record<string, unknown>;
}

export class ItemKindResponse {
  @ApiProperty({ enum: ITEM_KIND_NAMES, example: 'garment' })
  name: ItemKindName;

  @ApiProperty({ example: 'Clothing: colour and material per item, size per variant.' })
  description: string;

  @ApiProperty({
    ...JSON_SCHEMA,
    example: {
      type: 'object',
      properties: { colour: { type: 'string', minLength: 1, maxLength: 40 } },
      required: ['colour'],
      additionalProperties: false,
    },
  })
  itemAttributes: AttributesSchema;

  @ApiProperty({
    ...JSON_SCHEMA,
    example: {
      type: 'object',
      properties: { size: { type: 'string', enum: ['S', 'M', 'L'] } },
      required: ['size'],
      additionalProperties: false,
    },
  })
  variantAttributes: AttributesSchema;

  @ApiProperty({ type: ItemKindExamplesResponse })
  examples: ItemKindExamplesResponse;

  static from(name: ItemKindName): ItemKindResponse {
    const kind = ITEM_KINDS[name];
    return {
      name,
      description: kind.description,
      itemAttributes: kindAttributesSchema(name, 'item'),
      variantAttributes: kindAttributesSchema(name, 'variant'),
      examples: {
        item: { ...kind.examples.item },
        variant: { ...kind.examples.variant },
      },
    };
  }
}

export class ItemKindListResponse {
  @ApiProperty({ type: [ItemKindResponse] })
  kinds: ItemKindResponse[];

  static all(): ItemKindListResponse {
    return { kinds: ITEM_KIND_NAMES.map((name) => ItemKindResponse.from(name)) };
  }
}
