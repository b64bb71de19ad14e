// `ValidateNested` lets an array stand in for an item of an array of objects: the fuzz test's
// `POST …/orders/fulfilment {"status":"delivered","orders":[[]]}` passed validation and ended
// in a 500. Every body with an array of objects is checked here through the API's own
// validation pipe: the nested array is a 400-class validation error naming the item.
import { CreateItemDto } from '@limited-run/catalog';
import { FulfilOrdersDto } from '../libs/checkout/src/dto/fulfilment.dto';
import { CreateDropDto } from '@limited-run/drops';
import { createValidationPipe, RequestValidationError } from '@limited-run/platform';
import { ShippingProfileDto } from '@limited-run/shipping';

const pipe = createValidationPipe();
const validate = (metatype: new () => object, body: unknown) =>
  pipe.transform(body, { type: 'body', metatype });

/** The fields a refusal names. */
async function refusedFields(metatype: new () => object, body: unknown): Promise<string[]> {
  try {
    await validate(metatype, body);
  } catch (error) {
    expect(error).toBeInstanceOf(RequestValidationError);
    return ((error as RequestValidationError).details ?? []).flatMap((detail) =>
      detail.field === undefined ? [] : [detail.field],
    );
  }
  throw new Error('the body was accepted');
}

describe('an array in place of an object is refused', () => {
  it.each<[string, new () => object, unknown, string]>([
    ['fulfilment orders', FulfilOrdersDto, { status: 'delivered', orders: [[]] }, 'orders'],
    [
      'a new item’s variants',
      CreateItemDto,
      { kind: 'vinyl', title: 'LP', attributes: {}, variants: [[]] },
      'variants',
    ],
    [
      'a new drop’s lines',
      CreateDropDto,
      { name: 'Drop', slug: 'drop', startsAt: '2030-01-01T18:00:00.000Z', lines: [[]] },
      'lines',
    ],
    [
      'a shipping profile’s zones',
      ShippingProfileDto,
      { name: 'P', currency: 'EUR', zones: [[]] },
      'zones',
    ],
    [
      'a shipping zone’s rates',
      ShippingProfileDto,
      { name: 'P', currency: 'EUR', zones: [{ name: 'EU', countries: ['PT'], rates: [[]] }] },
      'zones.0.rates',
    ],
  ])('%s', async (_what, metatype, body, field) => {
    expect(await refusedFields(metatype, body)).toContain(field);
  });

  it('still accepts the objects themselves', async () => {
    const body = {
      status: 'delivered',
      orders: [{ orderId: '6f1c2b9e-8f0a-4c55-9a55-3b1d9f3c2a10' }],
    };
    await expect(validate(FulfilOrdersDto, body)).resolves.toBeInstanceOf(FulfilOrdersDto);
  });
});
