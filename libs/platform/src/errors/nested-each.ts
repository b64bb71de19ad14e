import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';

/**
 * An array whose items are objects validated as `type`. `ValidateNested` alone lets an array
 * stand in for an item (it validates the inner array's items: none), and such an item reached
 * the services as a line without fields, a 500 the generated-requests fuzz test found
 * (`{"orders":[[]]}`); so each item must also be an object.
 */
export function NestedEach(type: () => new () => object): PropertyDecorator {
  return applyDecorators(IsObject({ each: true }), ValidateNested({ each: true }), Type(type));
}
