import { isApiError } from '../../api/api-error';

/**
 * A 409 for something a drop still uses, with how many drops: the API's reason, spelled out
 * where the confirmation dialog shows it.
 */
export function explainInUse(error: unknown): unknown {
  if (!isApiError(error, 'ITEM_IN_DROP') && !isApiError(error, 'VARIANT_IN_DROP')) return error;
  const details = Array.isArray(error.details)
    ? (error.details as Array<{ dropIds?: string[] }>)
    : [];
  const drops = details[0]?.dropIds?.length ?? 0;
  return new Error(
    `${error.message} It is in ${drops} drop${drops === 1 ? '' : 's'} (${error.code}).`,
  );
}
