import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { isApiError, unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';

export type WaitlistEntry = components['schemas']['WaitlistResponse'];
export type RaffleEntry = components['schemas']['RaffleEntryResponse'];
export type RaffleOdds = components['schemas']['RaffleOddsResponse'];

export const entryKeys = {
  waitlist: (dropId: string) => ['drops', dropId, 'waitlist', 'me'] as const,
  raffle: (dropId: string) => ['drops', dropId, 'raffle', 'me'] as const,
  odds: (dropId: string) => ['drops', dropId, 'raffle'] as const,
};

/** My standing on a drop's waitlist; null when I have not joined. */
export function useMyWaitlistEntry(dropId: string, enabled: boolean) {
  return useQuery({
    queryKey: entryKeys.waitlist(dropId),
    enabled,
    queryFn: async () => {
      try {
        return unwrap(
          await api.GET('/drops/{drop}/waitlist/me', { params: { path: { drop: dropId } } }),
        );
      } catch (error) {
        if (isApiError(error) && error.status === 404) return null;
        throw error;
      }
    },
  });
}

export function useJoinWaitlist(dropId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (variantId: string | undefined) =>
      unwrap(
        await api.POST('/drops/{drop}/waitlist', {
          params: { path: { drop: dropId } },
          body: variantId ? { variantId } : {},
        }),
      ),
    onSuccess: (entry) => client.setQueryData(entryKeys.waitlist(dropId), entry),
  });
}

export function useRaffleOdds(dropId: string, enabled: boolean) {
  return useQuery({
    queryKey: entryKeys.odds(dropId),
    enabled,
    queryFn: async () =>
      unwrap(await api.GET('/drops/{drop}/raffle', { params: { path: { drop: dropId } } })),
  });
}

/** My raffle entry (and after the draw, my result); null when I have not entered. */
export function useMyRaffleEntry(
  dropId: string,
  enabled: boolean,
  refetchMs: number | false = false,
) {
  return useQuery({
    queryKey: entryKeys.raffle(dropId),
    enabled,
    refetchInterval: refetchMs,
    queryFn: async () => {
      try {
        return unwrap(
          await api.GET('/drops/{drop}/raffle/me', { params: { path: { drop: dropId } } }),
        );
      } catch (error) {
        if (isApiError(error) && error.status === 404) return null;
        throw error;
      }
    },
  });
}

export function useEnterRaffle(dropId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (variantId: string) =>
      unwrap(
        await api.POST('/drops/{drop}/raffle/entries', {
          params: { path: { drop: dropId } },
          body: { variantId },
        }),
      ),
    onSuccess: (entry) => {
      client.setQueryData(entryKeys.raffle(dropId), entry);
      void client.invalidateQueries({ queryKey: entryKeys.odds(dropId) });
    },
  });
}
