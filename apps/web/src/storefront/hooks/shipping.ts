import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';

export type DropShipping = components['schemas']['DropShippingResponse'];
export type CountryShipping = components['schemas']['DropShippingCountryResponse'];

export const shippingKeys = {
  drop: (dropId: string, variantId: string | undefined, quantity: number) =>
    ['drops', dropId, 'shipping', variantId ?? 'default', quantity] as const,
};

/**
 * What shipping a drop's order costs per country, for `quantity` units of a variant (default:
 * the drop's first line). Null when the drop ships with no profile (`DROP_SHIPPING_NOT_SET`):
 * there is then nothing true to say about shipping, so the page says nothing.
 */
export function useDropShipping(dropId: string, variantId: string | undefined, quantity: number) {
  return useQuery({
    queryKey: shippingKeys.drop(dropId, variantId, quantity),
    queryFn: async (): Promise<DropShipping | null> => {
      const result = await api.GET('/drops/{drop}/shipping', {
        params: {
          path: { drop: dropId },
          query: { quantity, ...(variantId ? { variant: variantId } : {}) },
        },
      });
      if (!result.response.ok) {
        const error = ApiError.from(result.response.status, result.error);
        if (error.code === 'DROP_SHIPPING_NOT_SET') return null;
        throw error;
      }
      return unwrap(result);
    },
    // Changing the variant or quantity keeps the last prices on screen until the new ones arrive.
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
