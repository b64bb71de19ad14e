import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';

export type Member = components['schemas']['MemberResponse'];
export type PendingInvite = components['schemas']['InviteResponse'];
export type Membership = components['schemas']['MembershipResponse'];
export type CollectiveRoleName = Member['role'];

export const teamKeys = {
  mine: ['console', 'my-collectives'] as const,
  members: (collective: string) => ['console', collective, 'members'] as const,
  invites: (collective: string) => ['console', collective, 'invites'] as const,
  audit: (collective: string) => ['console', collective, 'audit'] as const,
};

/** The collectives I belong to, with my role in each: the console's switcher. */
export function useMyCollectives() {
  return useQuery({
    queryKey: teamKeys.mine,
    queryFn: async () => unwrap(await api.GET('/me/collectives')),
  });
}

/** My role here, from my memberships (the API enforces it; pages only hide what it refuses). */
export function useMyRole(collective: string): CollectiveRoleName | undefined {
  const mine = useMyCollectives();
  return mine.data?.find((m) => m.collective.slug === collective)?.role;
}

export function useMembers(collective: string) {
  return useQuery({
    queryKey: teamKeys.members(collective),
    queryFn: async () =>
      unwrap(
        await api.GET('/collectives/{collective}/members', { params: { path: { collective } } }),
      ),
  });
}

export function useChangeRole(collective: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ userId, role }: { userId: string; role: CollectiveRoleName }) =>
      unwrap(
        await api.PATCH('/collectives/{collective}/members/{userId}', {
          params: { path: { collective, userId } },
          body: { role },
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: ['console', collective] }),
  });
}

export function useRemoveMember(collective: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (userId: string) =>
      unwrap(
        await api.DELETE('/collectives/{collective}/members/{userId}', {
          params: { path: { collective, userId } },
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: ['console', collective] }),
  });
}

/** Pending invites: owners only (the API answers 403 to staff). */
export function useInvites(collective: string, enabled: boolean) {
  return useQuery({
    queryKey: teamKeys.invites(collective),
    enabled,
    queryFn: async () =>
      unwrap(
        await api.GET('/collectives/{collective}/invites', { params: { path: { collective } } }),
      ),
  });
}

export function useCreateInvite(collective: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { email: string; role: CollectiveRoleName }) =>
      unwrap(
        await api.POST('/collectives/{collective}/invites', {
          params: { path: { collective } },
          body,
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['console', collective] }),
  });
}

export function useRevokeInvite(collective: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (inviteId: string) =>
      unwrap(
        await api.DELETE('/collectives/{collective}/invites/{inviteId}', {
          params: { path: { collective, inviteId } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['console', collective] }),
  });
}

/** The collective's audit trail, newest first, a page at a time (owners). */
export function useCollectiveAudit(collective: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: teamKeys.audit(collective),
    enabled,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor ?? undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/collectives/{collective}/audit', {
          params: { path: { collective }, query: { limit: 25, before: pageParam } },
        }),
      ),
  });
}

export function useAcceptInvite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (token: string) =>
      unwrap(await api.POST('/invites/accept', { body: { token } })),
    onSuccess: () => client.invalidateQueries({ queryKey: teamKeys.mine }),
  });
}
