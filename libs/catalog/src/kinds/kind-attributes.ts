import { flattenValidationErrors } from '@limited-run/platform';
import { instanceToPlain, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { InvalidAttributesError } from '../catalog.errors';
import { ITEM_KINDS, type ItemKindName } from './item-kinds';

export type AttributesLevel = 'item' | 'variant';

/**
 * Validates a JSON `attributes` object against its kind's class, with the same strictness as
 * request bodies (unknown keys refused), and returns the normalised attributes to store.
 * This is the only place where items of different kinds are treated differently.
 *
 * @param field the path of the attributes in the request, for error details (`variants.0.attributes`)
 */
export function validateKindAttributes(
  kind: ItemKindName,
  level: AttributesLevel,
  raw: unknown,
  field = 'attributes',
): Record<string, unknown> {
  const definition = ITEM_KINDS[kind];
  const target = level === 'item' ? definition.itemAttributes : definition.variantAttributes;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidAttributesError(kind, [{ field, message: `${field} must be an object` }]);
  }
  const instance = plainToInstance(target, raw);
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  if (errors.length > 0) {
    throw new InvalidAttributesError(kind, flattenValidationErrors(errors, field));
  }
  return instanceToPlain(instance);
}
