import { backoffMs, DEFAULT_RETRY, retryAfterMs } from '../api/retrying-fetch';

export interface StreamEvent {
  event: string;
  data: string;
  id?: string;
}

export interface EventStreamOptions {
  /** Extra headers, e.g. a bearer token (EventSource cannot send one; fetch can). */
  headers?: () => Promise<Record<string, string>> | Record<string, string>;
  onEvent: (event: StreamEvent) => void;
  /** Connected (true) or waiting to reconnect (false). */
  onStatus?: (connected: boolean) => void;
  /** A 4xx other than 429: reconnecting would not help. */
  onRefused?: (status: number, body: unknown) => void;
}

/** Parses `text/event-stream` frames out of a growing buffer; returns what is left over. */
export function parseFrames(buffer: string, emit: (event: StreamEvent) => void): string {
  const frames = buffer.split(/\r?\n\r?\n/);
  const rest = frames.pop() ?? '';
  for (const frame of frames) {
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of frame.split(/\r?\n/)) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
    if (data.length > 0) emit({ event, data: data.join('\n'), id });
  }
  return rest;
}

/**
 * A server-sent events stream over fetch that never gives up while the page wants it: a lost
 * connection reconnects with `Last-Event-ID` (so the server replays what was missed), a 429 or
 * 503 waits as `Retry-After` says, other failures back off with jitter. Returns a stop function.
 */
export function openEventStream(url: string, options: EventStreamOptions): () => void {
  const controller = new AbortController();
  let lastEventId: string | undefined;
  let attempt = 0;

  const run = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      let waitMs: number | undefined;
      try {
        const headers: Record<string, string> = {
          accept: 'text/event-stream',
          ...(await options.headers?.()),
        };
        if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
        const response = await fetch(url, {
          headers,
          signal: controller.signal,
          cache: 'no-store',
        });
        if (response.status === 429 || response.status === 503) {
          waitMs = retryAfterMs(response.headers.get('retry-after'));
        } else if (!response.ok || !response.body) {
          options.onRefused?.(response.status, await response.json().catch(() => undefined));
          return;
        } else {
          options.onStatus?.(true);
          attempt = 0;
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer = parseFrames(buffer + value, (event) => {
              if (event.id !== undefined) lastEventId = event.id;
              options.onEvent(event);
            });
          }
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      options.onStatus?.(false);
      await new Promise((resolve) =>
        setTimeout(resolve, waitMs ?? backoffMs(attempt++, DEFAULT_RETRY)),
      );
    }
  };
  void run();
  return () => controller.abort();
}
