import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';

export type Hold = components['schemas']['HoldResponse'];

export const holdKeys = {
  mine: ['me', 'holds'] as const,
  one: (holdId: string) => ['holds', holdId] as const,
};

export function useHold(dropId: string, holdId: string) {
  return useQuery({
    queryKey: holdKeys.one(holdId),
    queryFn: async () =>
      unwrap(
        await api.GET('/drops/{drop}/holds/{hold}', {
          params: { path: { drop: dropId, hold: holdId } },
        }),
      ),
  });
}

export interface PlaceHoldInput {
  variantId: string;
  quantity: number;
  /** Unique per attempt: a retried request (network, 429, 503) carries the same key. */
  idempotencyKey: string;
  /** From the waiting room, while the drop's room is active. */
  admissionToken?: string;
}

export function usePlaceHold(dropId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: PlaceHoldInput) =>
      unwrap(
        await api.POST('/drops/{drop}/holds', {
          params: {
            path: { drop: dropId },
            header: {
              'Idempotency-Key': input.idempotencyKey,
              ...(input.admissionToken ? { 'Admission-Token': input.admissionToken } : {}),
            },
          },
          body: { variantId: input.variantId, quantity: input.quantity },
        }),
      ),
    onSuccess: (hold) => {
      client.setQueryData(holdKeys.one(hold.holdId), hold);
      void client.invalidateQueries({ queryKey: holdKeys.mine });
    },
  });
}

export function useReleaseHold(dropId: string, holdId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      unwrap(
        await api.DELETE('/drops/{drop}/holds/{hold}', {
          params: { path: { drop: dropId, hold: holdId } },
        }),
      ),
    onSuccess: (hold) => {
      client.setQueryData(holdKeys.one(holdId), hold);
      void client.invalidateQueries({ queryKey: holdKeys.mine });
    },
  });
}

/** Opens (or reopens: the API answers a retry with the same session) Stripe Checkout. */
export function useCheckout(dropId: string, holdId: string) {
  return useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/drops/{drop}/holds/{hold}/checkout', {
          params: { path: { drop: dropId, hold: holdId } },
        }),
      ),
  });
}
