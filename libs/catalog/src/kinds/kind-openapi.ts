import { ITEM_KIND_NAMES, type ItemKindName } from './item-kinds';
import type { AttributesLevel } from './kind-attributes';
import { kindAttributesSchema, kindAttributesSchemaName } from './kind-schemas';

/** The part of an OpenAPI 3 document this transform reads and writes. */
interface OpenApiLike {
  components?: { schemas?: Record<string, unknown> };
}

interface ObjectSchema {
  type?: string;
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
  [key: string]: unknown;
}

const ref = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });

function isObjectSchema(schema: unknown): schema is ObjectSchema {
  return typeof schema === 'object' && schema !== null && 'properties' in schema;
}

function attributesOneOf(level: AttributesLevel, description: unknown): Record<string, unknown> {
  return {
    oneOf: ITEM_KIND_NAMES.map((kind) => ref(kindAttributesSchemaName(kind, level))),
    description:
      typeof description === 'string'
        ? description
        : `The attributes of the item's kind (GET /item-kinds lists every kind's schema).`,
  };
}

/**
 * Replaces the free-form `attributes` objects of the OpenAPI document with each kind's own
 * schema (generated from the kind registry): a schema that has both `kind` and `attributes`
 * becomes a `oneOf` of one schema per kind, discriminated by `kind`; an `attributes` without a
 * `kind` beside it (a variant, a partial update) becomes a `oneOf` of the kinds' schemas.
 * Which level an `attributes` is at is read from its schema name (`…Variant…` is a variant's).
 */
export function describeItemKindsInOpenApi<T extends OpenApiLike>(document: T): T {
  const schemas = (document.components ??= {}).schemas ?? {};
  document.components.schemas = schemas;
  for (const kind of ITEM_KIND_NAMES) {
    for (const level of ['item', 'variant'] as const) {
      schemas[kindAttributesSchemaName(kind, level)] = {
        ...kindAttributesSchema(kind, level),
        title: kindAttributesSchemaName(kind, level),
      };
    }
  }
  for (const [name, schema] of Object.entries({ ...schemas })) {
    if (!isObjectSchema(schema) || !schema.properties?.attributes) continue;
    const level: AttributesLevel = /Variant/.test(name) ? 'variant' : 'item';
    const kindProperty = schema.properties.kind;
    if (level === 'item' && kindProperty && Array.isArray(kindProperty.enum)) {
      schemas[name] = discriminatedByKind(name, schema, schemas);
    } else {
      schema.properties.attributes = attributesOneOf(
        level,
        schema.properties.attributes.description,
      );
    }
  }
  return document;
}

function discriminatedByKind(
  name: string,
  schema: ObjectSchema,
  schemas: Record<string, unknown>,
): Record<string, unknown> {
  const mapping: Record<string, string> = {};
  for (const kind of ITEM_KIND_NAMES) {
    const perKindName = `${kindAttributesSchemaName(kind, 'item').replace(/ItemAttributes$/, '')}${name}`;
    schemas[perKindName] = perKindSchema(schema, kind);
    mapping[kind] = ref(perKindName).$ref;
  }
  return {
    oneOf: Object.values(mapping).map(($ref) => ({ $ref })),
    discriminator: { propertyName: 'kind', mapping },
  };
}

function perKindSchema(schema: ObjectSchema, kind: ItemKindName): ObjectSchema {
  const copy = structuredClone(schema);
  const properties = copy.properties ?? {};
  properties.kind = { ...properties.kind, enum: [kind], example: kind };
  properties.attributes = {
    ...ref(kindAttributesSchemaName(kind, 'item')),
  };
  copy.properties = properties;
  return copy;
}
