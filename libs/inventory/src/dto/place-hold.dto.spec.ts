import { randomUUID } from 'node:crypto';
import { createValidationPipe, DomainError, RequestValidationError } from '@limited-run/platform';
import { parsePlaceHold, PlaceHoldDto } from './place-hold.dto';

/** What the global ValidationPipe says about a body as a PlaceHoldDto (what the route did). */
async function throughDto(body: unknown): Promise<unknown> {
  try {
    return await createValidationPipe().transform(body, { type: 'body', metatype: PlaceHoldDto });
  } catch (error) {
    return error;
  }
}

const variant = randomUUID();
const drop = randomUUID();

describe('parsePlaceHold refuses what PlaceHoldDto refuses, with the same messages', () => {
  it.each<[string, unknown]>([
    ['a good body', { variantId: variant, quantity: 2 }],
    ['an upper-case variant id', { variantId: variant.toUpperCase(), quantity: 1 }],
    ['a bad variant and quantity 0', { variantId: 'nope', quantity: 0 }],
    ['a quantity of 11', { variantId: variant, quantity: 11 }],
    ['a fractional quantity', { variantId: variant, quantity: 1.5 }],
    ['a quantity given as a string', { variantId: variant, quantity: '1' }],
    ['no quantity', { variantId: variant }],
    ['an empty object', {}],
    ['an unknown field', { variantId: variant, quantity: 1, price: 0 }],
    ['a variant id with braces', { variantId: `{${variant}}`, quantity: 1 }],
    ['a null variant id', { variantId: null, quantity: 1 }],
  ])('%s', async (_name, body) => {
    const parsed = parsePlaceHold(drop, 'key-1', body);
    const expected = await throughDto(body);
    if (expected instanceof RequestValidationError) {
      expect(parsed.input).toBeInstanceOf(RequestValidationError);
      const details = (parsed.input as RequestValidationError).details;
      expect(details).toEqual(expect.arrayContaining(expected.details ?? []));
      expect(details).toHaveLength(expected.details?.length ?? 0);
    } else {
      expect(parsed.input).toEqual({ ...(expected as object) });
    }
  });

  it('refuses a body that is not an object', () => {
    for (const body of [null, [], 'text', 5]) {
      const parsed = parsePlaceHold(drop, 'key-1', body);
      expect(parsed.input).toBeInstanceOf(RequestValidationError);
    }
  });

  it('refuses a drop id that is not a UUID, naming the parameter', () => {
    const parsed = parsePlaceHold('not-a-uuid', 'key-1', { variantId: variant, quantity: 1 });
    expect((parsed.input as RequestValidationError).details).toEqual([
      { field: 'drop', message: 'drop must be a UUID' },
    ]);
  });

  it('reads the drop id in its canonical spelling', () => {
    expect(
      parsePlaceHold(drop.toUpperCase(), 'k', { variantId: variant, quantity: 1 }).dropId,
    ).toBe(drop);
  });

  it.each([[undefined], [''], ['has spaces'], ['x'.repeat(129)], [['a', 'b']]])(
    'refuses the idempotency key %j',
    (key) => {
      const parsed = parsePlaceHold(drop, key, { variantId: variant, quantity: 1 });
      expect(parsed.input).toBeInstanceOf(DomainError);
      expect((parsed.input as DomainError).code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    },
  );
});
