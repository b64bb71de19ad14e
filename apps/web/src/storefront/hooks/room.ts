import { useMutation, useQueryClient, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';
import { session } from '../../auth/session';
import { openEventStream } from '../../live/event-stream';

export type RoomStanding = components['schemas']['RoomResponse'];

const roomKey = (dropId: string) => ['drops', dropId, 'room', 'me'] as const;

export function useJoinRoom(dropId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/drops/{drop}/room', { params: { path: { drop: dropId } } })),
    onSuccess: (standing) => client.setQueryData(roomKey(dropId), standing),
  });
}

/**
 * My standing in the room, kept current by the room's event stream (`status` events, sent with
 * the bearer token, resumed after a drop) rather than by polling.
 */
export function useRoomStanding(dropId: string, joined: boolean) {
  const client = useQueryClient();
  const standing = useQuery<RoomStanding | null>({
    queryKey: roomKey(dropId),
    queryFn: () => client.getQueryData<RoomStanding>(roomKey(dropId)) ?? null,
    staleTime: Infinity,
  });
  useEffect(() => {
    if (!joined) return;
    return openEventStream(`/drops/${dropId}/room/me/events`, {
      headers: async (): Promise<Record<string, string>> => {
        const token = await session.accessToken();
        return token ? { authorization: `Bearer ${token}` } : {};
      },
      onEvent: ({ event, data }) => {
        if (event === 'status')
          client.setQueryData(roomKey(dropId), JSON.parse(data) as RoomStanding);
      },
    });
  }, [client, dropId, joined]);
  return standing.data ?? null;
}
