// A minimal server-sent events reader for end-to-end tests: it keeps every event and comment
// it has parsed, and lets a test wait (always with a deadline) until what it expects arrived.
import { request, type IncomingHttpHeaders, type ClientRequest } from 'node:http';

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

export interface SseStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body, when the server answered with something other than a stream (an error). */
  body: string;
  events: SseEvent[];
  comments: string[];
  ended: boolean;
  /** Resolves once `check()` holds; rejects after `timeoutMs` with what arrived so far. */
  until(check: (stream: SseStream) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Opens `url` and resolves once the response headers are in. */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const waiters = new Set<() => void>();
    let req: ClientRequest | undefined = undefined;
    const stream: SseStream = {
      status: 0,
      headers: {},
      body: '',
      events: [],
      comments: [],
      ended: false,
      until(check, timeoutMs = 10_000) {
        if (check(stream)) return Promise.resolve();
        return new Promise<void>((done, fail) => {
          const waiter = (): void => {
            if (!check(stream)) return;
            clearTimeout(timer);
            waiters.delete(waiter);
            done();
          };
          const timer = setTimeout(() => {
            waiters.delete(waiter);
            fail(
              new Error(
                `SSE condition not met within ${timeoutMs} ms; events: ${JSON.stringify(
                  stream.events.map((e) => `${e.event}#${e.id}`),
                )}, comments: ${stream.comments.length}, ended: ${stream.ended}`,
              ),
            );
          }, timeoutMs);
          waiters.add(waiter);
        });
      },
      close() {
        req?.destroy();
      },
    };
    const notify = (): void => {
      for (const waiter of [...waiters]) waiter();
    };

    let buffer = '';
    const parse = (): void => {
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop() ?? '';
      for (const block of blocks) {
        const event: SseEvent = { event: 'message', data: '' };
        const data: string[] = [];
        let isEvent = false;
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) {
            stream.comments.push(line.slice(1).trim());
            continue;
          }
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') event.id = value;
          else if (field === 'event') event.event = value;
          else if (field === 'data') data.push(value);
          else continue;
          isEvent = true;
        }
        if (isEvent && data.length > 0) {
          event.data = data.join('\n');
          stream.events.push(event);
        }
      }
    };

    req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      stream.status = res.statusCode ?? 0;
      stream.headers = res.headers;
      res.setEncoding('utf8');
      const isStream = String(res.headers['content-type']).startsWith('text/event-stream');
      res.on('data', (chunk: string) => {
        if (isStream) {
          buffer += chunk;
          parse();
        } else {
          stream.body += chunk;
        }
        notify();
      });
      const end = (): void => {
        stream.ended = true;
        notify();
      };
      res.on('end', end);
      res.on('close', end);
      res.on('error', end);
      resolve(stream);
    });
    req.on('error', (error) => {
      if (stream.status === 0) reject(error);
      else {
        stream.ended = true;
        notify();
      }
    });
    req.end();
  });
}

/** The parsed JSON of every event of one type. */
export const dataOf = <T = Record<string, unknown>>(stream: SseStream, type: string): T[] =>
  stream.events.filter((e) => e.event === type).map((e) => JSON.parse(e.data) as T);
