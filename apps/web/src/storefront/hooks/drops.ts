import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';
import { openEventStream } from '../../live/event-stream';
import { observeServerTime } from '../../lib/server-clock';

export type PublicDrop = components['schemas']['PublicDropResponse'];
export type PublicDropSummary = components['schemas']['PublicDropSummaryResponse'];
export type DropLine = components['schemas']['PublicDropLineResponse'];
export type DropState = PublicDrop['state'];
export type LineCounters = components['schemas']['LineCountersResponse'];

export const dropKeys = {
  list: ['drops'] as const,
  one: (dropId: string) => ['drops', dropId] as const,
  live: (dropId: string) => ['drops', dropId, 'live'] as const,
};

export function useDrops() {
  return useQuery({
    queryKey: dropKeys.list,
    queryFn: async () => unwrap(await api.GET('/drops', { params: { query: { pageSize: 50 } } })),
  });
}

export function useDrop(dropId: string) {
  return useQuery({
    queryKey: dropKeys.one(dropId),
    queryFn: async () =>
      unwrap(await api.GET('/drops/{drop}', { params: { path: { drop: dropId } } })),
  });
}

/** What the stream says about a drop: its state and each variant's counters. */
export interface LiveDrop {
  state?: DropState;
  /** When this page learnt `state` (local clock), to compare with the drop query's age. */
  stateReceivedAt?: number;
  counters: Record<string, LineCounters>;
  connected: boolean;
}

interface CountersEvent {
  lines: LineCounters[];
  state?: DropState;
}

interface StateEvent {
  state: DropState;
  at?: string;
}

/**
 * Subscribes the page to the drop's live stream: `snapshot`, `counters` and `state` events land
 * in the query cache (no polling), and a lost connection resumes with Last-Event-ID.
 */
export function useLiveDrop(dropId: string): LiveDrop {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);
  const live = useQuery<LiveDrop>({
    queryKey: dropKeys.live(dropId),
    queryFn: () => ({ counters: {}, connected: false }),
    staleTime: Infinity,
  });
  useEffect(() => {
    const apply = (update: (previous: LiveDrop) => LiveDrop) =>
      client.setQueryData<LiveDrop>(dropKeys.live(dropId), (previous) =>
        update(previous ?? { counters: {}, connected: false }),
      );
    const withLines = (previous: LiveDrop, lines: LineCounters[]): LiveDrop => ({
      ...previous,
      counters: {
        ...previous.counters,
        ...Object.fromEntries(lines.map((line) => [line.variantId, line])),
      },
    });
    const stop = openEventStream(`/drops/${dropId}/events`, {
      onStatus: setConnected,
      onEvent: ({ event, data }) => {
        if (event === 'snapshot' || event === 'counters') {
          const body = JSON.parse(data) as CountersEvent;
          apply((previous) => ({
            ...withLines(previous, body.lines ?? []),
            ...(body.state ? { state: body.state, stateReceivedAt: Date.now() } : {}),
          }));
        } else if (event === 'state') {
          const body = JSON.parse(data) as StateEvent;
          if (body.at) observeServerTime(Date.parse(body.at), Date.now(), Date.now());
          apply((previous) => ({ ...previous, state: body.state, stateReceivedAt: Date.now() }));
          // The drop's own fields (e.g. a moved end) may have changed with its state.
          void client.invalidateQueries({ queryKey: dropKeys.one(dropId), exact: true });
        }
      },
    });
    return stop;
  }, [client, dropId]);
  return { ...(live.data ?? { counters: {} }), connected };
}
