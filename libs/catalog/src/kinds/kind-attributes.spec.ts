import { InvalidAttributesError } from '../catalog.errors';
import { ITEM_KIND_NAMES, ITEM_KINDS } from './item-kinds';
import { validateKindAttributes } from './kind-attributes';

function refusal(fn: () => unknown): InvalidAttributesError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidAttributesError) return error;
    throw error;
  }
  throw new Error('expected INVALID_ATTRIBUTES');
}

describe('validateKindAttributes', () => {
  it.each(ITEM_KIND_NAMES)('accepts the documented examples of %s', (kind) => {
    const { item, variant } = ITEM_KINDS[kind].examples;
    expect(validateKindAttributes(kind, 'item', item)).toEqual(item);
    expect(validateKindAttributes(kind, 'variant', variant)).toEqual(variant);
  });

  it('names the offending vinyl field under attributes', () => {
    const error = refusal(() => validateKindAttributes('vinyl', 'item', { format: 'LP', rpm: 44 }));
    expect(error.code).toBe('INVALID_ATTRIBUTES');
    expect(error.details?.map((d) => d.field)).toEqual(['attributes.rpm']);
  });

  it('refuses a garment size that does not exist, and missing required attributes', () => {
    const error = refusal(() =>
      validateKindAttributes('garment', 'variant', { size: 'XXXXL' }, 'variants.1.attributes'),
    );
    expect(error.details?.map((d) => d.field)).toEqual(['variants.1.attributes.size']);
    const missing = refusal(() => validateKindAttributes('garment', 'item', {}));
    expect([...new Set(missing.details?.map((d) => d.field))].sort()).toEqual([
      'attributes.colour',
      'attributes.material',
    ]);
  });

  it("refuses another kind's attributes and unknown keys", () => {
    const error = refusal(() =>
      validateKindAttributes('garment', 'item', {
        colour: 'black',
        material: 'cotton',
        rpm: 33,
      }),
    );
    expect(error.details?.map((d) => d.field)).toEqual(['attributes.rpm']);
  });

  it('refuses attributes that are not an object', () => {
    for (const raw of [null, 'LP', [1, 2], 7]) {
      expect(refusal(() => validateKindAttributes('vinyl', 'item', raw)).details).toEqual([
        { field: 'attributes', message: 'attributes must be an object' },
      ]);
    }
  });
});
