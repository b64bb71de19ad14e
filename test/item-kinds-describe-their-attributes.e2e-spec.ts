import { ITEM_KIND_NAMES, validateKindAttributes } from '@limited-run/catalog';
import request from 'supertest';
import { useApiOnTestDatabase } from './support/test-app';

interface KindBody {
  name: string;
  description: string;
  itemAttributes: JsonSchema;
  variantAttributes: JsonSchema;
  examples: { item: Record<string, unknown>; variant: Record<string, unknown> };
}
interface JsonSchema {
  type: string;
  properties: Record<string, { type?: string; enum?: unknown[] }>;
  required?: string[];
  additionalProperties: boolean;
}

describe('GET /item-kinds: every kind with the schema of its attributes, from the registry', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());

  it('lists garment and vinyl to anyone, with JSON Schemas the validator agrees with', async () => {
    const res = await http().get('/item-kinds').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const kinds = res.body.kinds as KindBody[];
    expect(kinds.map((k) => k.name)).toEqual(ITEM_KIND_NAMES);

    const garment = kinds.find((k) => k.name === 'garment')!;
    expect(garment.itemAttributes).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: { colour: { type: 'string' }, material: { type: 'string' } },
    });
    expect([...(garment.itemAttributes.required ?? [])].sort()).toEqual(['colour', 'material']);
    expect(garment.variantAttributes.properties.size.enum).toContain('M');
    const vinyl = kinds.find((k) => k.name === 'vinyl')!;
    expect(vinyl.itemAttributes.properties.rpm.enum).toEqual([33, 45, 78]);
    expect(vinyl.variantAttributes.properties.weightGrams).toMatchObject({
      type: 'integer',
      minimum: 80,
      maximum: 250,
    });

    for (const kind of kinds) {
      const name = kind.name as (typeof ITEM_KIND_NAMES)[number];
      for (const level of ['item', 'variant'] as const) {
        const schema = level === 'item' ? kind.itemAttributes : kind.variantAttributes;
        const example = kind.examples[level];
        // The documented example validates, and every key it uses is described.
        expect(validateKindAttributes(name, level, example)).toEqual(example);
        for (const key of Object.keys(example)) expect(schema.properties).toHaveProperty(key);
        // Every attribute the schema calls required is one the validator cannot do without.
        for (const key of schema.required ?? []) {
          const { [key]: _dropped, ...without } = example;
          expect(() => validateKindAttributes(name, level, without)).toThrow();
        }
      }
    }
  });

  it("the OpenAPI document gives each kind's attributes their own schema, discriminated by kind", async () => {
    const doc = (await http().get('/docs-json').expect(200)).body as {
      components: { schemas: Record<string, Record<string, unknown>> };
      paths: Record<string, Record<string, unknown>>;
    };
    const schemas = doc.components.schemas;
    expect(schemas.GarmentItemAttributes).toMatchObject({
      additionalProperties: false,
      required: expect.arrayContaining(['colour', 'material']),
    });
    expect(schemas.VinylVariantAttributes).toMatchObject({
      properties: { weightGrams: { type: 'integer' } },
    });
    for (const name of ['ItemResponse', 'CreateItemDto', 'DropItemResponse']) {
      expect(schemas[name]).toEqual({
        oneOf: [
          { $ref: `#/components/schemas/Garment${name}` },
          { $ref: `#/components/schemas/Vinyl${name}` },
        ],
        discriminator: {
          propertyName: 'kind',
          mapping: {
            garment: `#/components/schemas/Garment${name}`,
            vinyl: `#/components/schemas/Vinyl${name}`,
          },
        },
      });
      expect(schemas[`Vinyl${name}`]).toMatchObject({
        properties: {
          kind: { enum: ['vinyl'] },
          attributes: { $ref: '#/components/schemas/VinylItemAttributes' },
        },
      });
    }
    for (const name of ['VariantResponse', 'CreateVariantDto', 'DropVariantResponse']) {
      const attributes = (schemas[name] as { properties: Record<string, unknown> }).properties
        .attributes as { oneOf: unknown[] };
      expect(attributes.oneOf).toEqual([
        { $ref: '#/components/schemas/GarmentVariantAttributes' },
        { $ref: '#/components/schemas/VinylVariantAttributes' },
      ]);
    }
    // No attributes object is left free-form.
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/"attributes":\{"type":"object","additionalProperties":true/);
  });
});
