import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';

export function useMyHolds() {
  return useQuery({
    queryKey: ['me', 'holds'],
    queryFn: async () => unwrap(await api.GET('/me/holds')),
  });
}

export function useMyRaffleEntries() {
  return useQuery({
    queryKey: ['me', 'raffle-entries'],
    queryFn: async () => unwrap(await api.GET('/me/raffle-entries')),
  });
}

export function useMyWaitlists() {
  return useQuery({
    queryKey: ['me', 'waitlists'],
    queryFn: async () => unwrap(await api.GET('/me/waitlists')),
  });
}
