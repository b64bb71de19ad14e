import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';

export type AdminCollective = components['schemas']['CollectiveResponse'];
export type CreateCollective = components['schemas']['CreateCollectiveDto'];

export const COLLECTIVES_PAGE_SIZE = 20;

export const collectiveKeys = {
  all: ['admin', 'collectives'] as const,
  page: (offset: number, limit: number) => ['admin', 'collectives', offset, limit] as const,
};

export function useAdminCollectives(offset: number, limit = COLLECTIVES_PAGE_SIZE) {
  return useQuery({
    queryKey: collectiveKeys.page(offset, limit),
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/admin/collectives', {
          params: { query: { page: Math.floor(offset / limit) + 1, pageSize: limit } },
        }),
      ),
  });
}

export function useCreateCollective() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateCollective) =>
      unwrap(await api.POST('/admin/collectives', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: collectiveKeys.all }),
  });
}
