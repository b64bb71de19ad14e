import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { AttributesClass } from './item-kind';
import { ITEM_KINDS, type ItemKindName } from './item-kinds';
import type { AttributesLevel } from './kind-attributes';

/** A JSON Schema (draft 2020-12 subset that OpenAPI 3 also reads) of one attributes object. */
export type AttributesSchema = Record<string, unknown>;

const cache = new Map<AttributesClass, AttributesSchema>();

/**
 * The JSON Schema of a kind's item or variant attributes, generated from the same
 * class-validator class that validates them, so the schema cannot drift from the rules.
 * Unknown keys are refused by the validator, hence `additionalProperties: false`.
 */
export function kindAttributesSchema(kind: ItemKindName, level: AttributesLevel): AttributesSchema {
  const definition = ITEM_KINDS[kind];
  const target = level === 'item' ? definition.itemAttributes : definition.variantAttributes;
  let schema = cache.get(target);
  if (!schema) {
    const generated = targetConstructorToSchema(target) as AttributesSchema;
    schema = { ...generated, additionalProperties: false };
    cache.set(target, schema);
  }
  return structuredClone(schema);
}

/** `GarmentItemAttributes`, `VinylVariantAttributes`: the component names in the OpenAPI document. */
export function kindAttributesSchemaName(kind: ItemKindName, level: AttributesLevel): string {
  const pascal = kind.charAt(0).toUpperCase() + kind.slice(1);
  return `${pascal}${level === 'item' ? 'Item' : 'Variant'}Attributes`;
}
