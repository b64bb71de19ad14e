import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';

export type ShippingProfile = components['schemas']['ShippingProfileResponse'];
export type ShippingProfileInput = components['schemas']['ShippingProfileDto'];
export type ShippingZone = components['schemas']['ShippingZoneResponse'];
export type ShippingRate = components['schemas']['ShippingRateResponse'];

export const shippingKeys = {
  profiles: (collective: string) => ['console', collective, 'shipping-profiles'] as const,
  profile: (collective: string, profileId: string) =>
    ['console', collective, 'shipping-profiles', profileId] as const,
  drop: (collective: string, dropId: string) =>
    ['console', collective, 'drops', dropId, 'shipping'] as const,
};

export function useShippingProfiles(collective: string) {
  return useQuery({
    queryKey: shippingKeys.profiles(collective),
    queryFn: async () =>
      unwrap(
        await api.GET('/collectives/{collective}/shipping-profiles', {
          params: { path: { collective } },
        }),
      ).data,
  });
}

export function useShippingProfile(collective: string, profileId: string | undefined) {
  return useQuery({
    queryKey: shippingKeys.profile(collective, profileId ?? 'new'),
    enabled: profileId !== undefined,
    queryFn: async () =>
      unwrap(
        await api.GET('/collectives/{collective}/shipping-profiles/{profile}', {
          params: { path: { collective, profile: profileId as string } },
        }),
      ),
  });
}

/** Saving a profile changes what every drop using it offers: all shipping reads go stale. */
function useInvalidateShipping(collective: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: shippingKeys.profiles(collective) });
    void client.invalidateQueries({
      predicate: (query) =>
        query.queryKey[0] === 'console' &&
        query.queryKey[1] === collective &&
        query.queryKey.at(-1) === 'shipping',
    });
  };
}

export function useSaveShippingProfile(collective: string, profileId: string | undefined) {
  const invalidate = useInvalidateShipping(collective);
  return useMutation({
    mutationFn: async (body: ShippingProfileInput) =>
      profileId
        ? unwrap(
            await api.PUT('/collectives/{collective}/shipping-profiles/{profile}', {
              params: { path: { collective, profile: profileId } },
              body,
            }),
          )
        : unwrap(
            await api.POST('/collectives/{collective}/shipping-profiles', {
              params: { path: { collective } },
              body,
            }),
          ),
    onSuccess: invalidate,
  });
}

export function useDeleteShippingProfile(collective: string) {
  const invalidate = useInvalidateShipping(collective);
  return useMutation({
    mutationFn: async (profileId: string) => {
      const result = await api.DELETE('/collectives/{collective}/shipping-profiles/{profile}', {
        params: { path: { collective, profile: profileId } },
      });
      unwrap(result);
    },
    onSuccess: invalidate,
  });
}

/** The profile a drop ships with (null: none yet, so checkout asks fans for no address). */
export function useDropShipping(collective: string, dropId: string) {
  return useQuery({
    queryKey: shippingKeys.drop(collective, dropId),
    queryFn: async () =>
      unwrap(
        await api.GET('/collectives/{collective}/drops/{drop}/shipping', {
          params: { path: { collective, drop: dropId } },
        }),
      ).profile,
  });
}

export function useSetDropShipping(collective: string, dropId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (profileId: string) =>
      unwrap(
        await api.PUT('/collectives/{collective}/drops/{drop}/shipping', {
          params: { path: { collective, drop: dropId } },
          body: { profileId },
        }),
      ),
    onSuccess: (profile) => client.setQueryData(shippingKeys.drop(collective, dropId), profile),
  });
}

/** Every country of a profile, in code order. */
export const countriesOf = (profile: ShippingProfile): string[] =>
  profile.zones.flatMap((zone) => zone.countries).sort();

/** A country's English name ("PT" → "Portugal"), or the code when the browser has none. */
export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
