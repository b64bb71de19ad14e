import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';

export type ConsoleDrop = components['schemas']['DropResponse'];
export type CreateDropInput = components['schemas']['CreateDropDto'];
export type UpdateDropInput = components['schemas']['UpdateDropDto'];
export type ConsoleItem = components['schemas']['ItemResponse'];
export type CancellationPreview = components['schemas']['CancellationPreviewResponse'];
export type DropMonitor = components['schemas']['MonitorDropDetailResponse'];

/** How often the monitor figures (expiring holds, waiting room, raffle, series) are re-read. */
const MONITOR_REFRESH_MS = 2000;

export const consoleDropKeys = {
  all: (collective: string) => ['console', collective, 'drops'] as const,
  one: (collective: string, dropId: string) => ['console', collective, 'drops', dropId] as const,
  cancellation: (collective: string, dropId: string) =>
    ['console', collective, 'drops', dropId, 'cancellation'] as const,
  items: (collective: string) => ['console', collective, 'items'] as const,
};

/** The collective's own name, for the preview's eyebrow. */
export function useCollective(collective: string) {
  return useQuery({
    queryKey: ['console', collective] as const,
    queryFn: async () =>
      unwrap(await api.GET('/collectives/{collective}', { params: { path: { collective } } })),
  });
}

export function useCollectiveDrops(collective: string) {
  return useQuery({
    queryKey: consoleDropKeys.all(collective),
    queryFn: async () =>
      unwrap(
        await api.GET('/collectives/{collective}/drops', {
          params: { path: { collective }, query: { pageSize: 100 } },
        }),
      ),
  });
}

export function useCollectiveDrop(collective: string, dropId: string | undefined) {
  return useQuery({
    queryKey: consoleDropKeys.one(collective, dropId ?? 'new'),
    enabled: dropId !== undefined,
    queryFn: async () =>
      unwrap(
        await api.GET('/collectives/{collective}/drops/{drop}', {
          params: { path: { collective, drop: dropId as string } },
        }),
      ),
  });
}

/** The collective's items with each variant's unallocated edition units (what a drop may take). */
export function useCollectiveItems(collective: string) {
  return useQuery({
    queryKey: consoleDropKeys.items(collective),
    queryFn: async () =>
      unwrap(
        await api.GET('/collectives/{collective}/items', {
          params: { path: { collective }, query: { pageSize: 100 } },
        }),
      ),
  });
}

/**
 * The drop's monitor figures from the ledger (holds expiring within five minutes, waiting room,
 * raffle odds, holds and sales per second since the opening); the line counters come from the
 * live stream instead.
 */
export function useDropMonitor(collective: string, dropId: string, live: boolean) {
  return useQuery({
    queryKey: [...consoleDropKeys.one(collective, dropId), 'monitor'] as const,
    refetchInterval: live ? MONITOR_REFRESH_MS : false,
    queryFn: async () =>
      unwrap(
        await api.GET('/collectives/{collective}/monitor/drops/{drop}', {
          params: { path: { collective, drop: dropId }, query: { expiringWithinSeconds: 300 } },
        }),
      ),
  });
}

export function useCancellationPreview(collective: string, dropId: string, enabled: boolean) {
  return useQuery({
    queryKey: consoleDropKeys.cancellation(collective, dropId),
    enabled,
    staleTime: 0,
    queryFn: async () =>
      unwrap(
        await api.GET('/collectives/{collective}/drops/{drop}/cancellation', {
          params: { path: { collective, drop: dropId } },
        }),
      ),
  });
}

function useInvalidateDrops(collective: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: consoleDropKeys.all(collective) });
    void client.invalidateQueries({ queryKey: consoleDropKeys.items(collective) });
  };
}

export function useCreateDrop(collective: string) {
  const invalidate = useInvalidateDrops(collective);
  return useMutation({
    mutationFn: async (body: CreateDropInput) =>
      unwrap(
        await api.POST('/collectives/{collective}/drops', {
          params: { path: { collective } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useUpdateDrop(collective: string, dropId: string) {
  const invalidate = useInvalidateDrops(collective);
  return useMutation({
    mutationFn: async (body: UpdateDropInput) =>
      unwrap(
        await api.PATCH('/collectives/{collective}/drops/{drop}', {
          params: { path: { collective, drop: dropId } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useSetDropLine(collective: string, dropId: string) {
  const invalidate = useInvalidateDrops(collective);
  return useMutation({
    mutationFn: async ({ variantId, quantity }: { variantId: string; quantity: number }) =>
      unwrap(
        await api.PUT('/collectives/{collective}/drops/{drop}/lines/{variant}', {
          params: { path: { collective, drop: dropId, variant: variantId } },
          body: { quantity },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useScheduleDrop(collective: string, dropId: string) {
  const invalidate = useInvalidateDrops(collective);
  return useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/collectives/{collective}/drops/{drop}/schedule', {
          params: { path: { collective, drop: dropId } },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useCancelDrop(collective: string, dropId: string) {
  const invalidate = useInvalidateDrops(collective);
  return useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/collectives/{collective}/drops/{drop}/cancel', {
          params: { path: { collective, drop: dropId } },
        }),
      ),
    onSuccess: invalidate,
  });
}
