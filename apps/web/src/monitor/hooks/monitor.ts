import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';
import { session } from '../../auth/session';
import { openEventStream } from '../../live/event-stream';
import { anomalyKeys } from './anomalies';

export type MonitorDrops = components['schemas']['MonitorDropsResponse'];
export type MonitorDrop = components['schemas']['MonitorDropResponse'];
export type MonitorLine = components['schemas']['MonitorLineResponse'];
export type MonitorDropDetail = components['schemas']['MonitorDropDetailResponse'];
type LineCounters = components['schemas']['LineCountersResponse'];

export const monitorKeys = {
  all: ['admin', 'monitor'] as const,
  drops: ['admin', 'monitor', 'drops'] as const,
  drop: (dropId: string) => ['admin', 'monitor', 'drops', dropId] as const,
};

/**
 * Counters arrive live from the stream; the gate's figures (and so drift) are not streamed, so
 * the list is re-read this often to keep them honest.
 */
const GATE_REFRESH_MS = 10_000;
/** The detail's expiring holds and waiting room are not streamed either. */
export const DETAIL_REFRESH_MS = 5_000;

export function useMonitorDrops() {
  return useQuery({
    queryKey: monitorKeys.drops,
    refetchInterval: GATE_REFRESH_MS,
    queryFn: async () => unwrap(await api.GET('/admin/monitor/drops')),
  });
}

export function useMonitorDrop(dropId: string) {
  return useQuery({
    queryKey: monitorKeys.drop(dropId),
    refetchInterval: DETAIL_REFRESH_MS,
    queryFn: async () =>
      unwrap(await api.GET('/admin/monitor/drops/{drop}', { params: { path: { drop: dropId } } })),
  });
}

/** A drop with some lines' counters replaced, and its totals summed again. */
export function withCounters<Drop extends MonitorDrop>(drop: Drop, counters: LineCounters[]): Drop {
  const byVariant = new Map(counters.map((line) => [line.variantId, line]));
  if (!drop.lines.some((line) => byVariant.has(line.variantId))) return drop;
  const lines = drop.lines.map((line) => {
    const next = byVariant.get(line.variantId);
    return next
      ? {
          ...line,
          allocated: next.allocated,
          held: next.held,
          sold: next.sold,
          available: next.available,
        }
      : line;
  });
  const sum = (pick: (line: MonitorLine) => number) =>
    lines.reduce((total, line) => total + pick(line), 0);
  return {
    ...drop,
    lines,
    allocated: sum((l) => l.allocated),
    held: sum((l) => l.held),
    sold: sum((l) => l.sold),
    available: sum((l) => l.available),
  };
}

interface DropFrame {
  dropId: string;
  seq?: number;
  lines?: LineCounters[];
  state?: MonitorDrop['state'];
}

function applyDropFrame(client: QueryClient, frame: DropFrame): void {
  if (frame.lines) {
    const lines = frame.lines;
    client.setQueryData<MonitorDrops>(monitorKeys.drops, (previous) =>
      previous
        ? {
            ...previous,
            drops: previous.drops.map((d) => (d.id === frame.dropId ? withCounters(d, lines) : d)),
          }
        : previous,
    );
    client.setQueryData<MonitorDropDetail>(monitorKeys.drop(frame.dropId), (previous) =>
      previous ? withCounters(previous, lines) : previous,
    );
  }
  if (frame.state) {
    const state = frame.state;
    client.setQueryData<MonitorDrops>(monitorKeys.drops, (previous) =>
      previous
        ? {
            ...previous,
            drops: previous.drops.map((d) => (d.id === frame.dropId ? { ...d, state } : d)),
          }
        : previous,
    );
    // A state change can bring a drop onto the list or move its times: read it again.
    void client.invalidateQueries({ queryKey: monitorKeys.all });
  }
}

/**
 * The monitor's one stream for every drop: counters land in the cached list and detail as they
 * change (no polling for them), an anomaly raised or changed refreshes the anomaly queries and
 * the navigation's count. Mounted once for the whole monitor area.
 */
export function useMonitorStream(): { connected: boolean } {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(
    () =>
      openEventStream('/admin/monitor/events', {
        headers: async (): Promise<Record<string, string>> => {
          const token = await session.accessToken();
          return token ? { authorization: `Bearer ${token}` } : {};
        },
        onStatus: (now) => {
          setConnected(now);
          // Whatever happened while the stream was down is read again, not guessed.
          if (now) void client.invalidateQueries({ queryKey: monitorKeys.all });
        },
        onEvent: ({ event, data }) => {
          if (event === 'drop') applyDropFrame(client, JSON.parse(data) as DropFrame);
          else if (event === 'anomaly')
            void client.invalidateQueries({ queryKey: anomalyKeys.all });
        },
      }),
    [client],
  );
  return { connected };
}
