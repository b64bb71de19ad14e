import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';

export type AdminUser = components['schemas']['AdminUserResponse'];
export interface UserFilters {
  status?: AdminUser['status'];
  role?: AdminUser['role'];
  email?: string;
}

export const PAGE_SIZE = 20;

export const userKeys = {
  all: ['admin', 'users'] as const,
  list: (filters: UserFilters, offset: number) => ['admin', 'users', filters, offset] as const,
};

export function useAdminUsers(filters: UserFilters, offset: number) {
  return useQuery({
    queryKey: userKeys.list(filters, offset),
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/admin/users', {
          params: {
            query: { ...filters, page: Math.floor(offset / PAGE_SIZE) + 1, pageSize: PAGE_SIZE },
          },
        }),
      ),
  });
}

export function useSuspendUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ userId, reason }: { userId: string; reason: string }) =>
      unwrap(
        await api.POST('/admin/users/{userId}/suspend', {
          params: { path: { userId } },
          body: { reason },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useReinstateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (userId: string) =>
      unwrap(await api.POST('/admin/users/{userId}/reinstate', { params: { path: { userId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.all }),
  });
}
