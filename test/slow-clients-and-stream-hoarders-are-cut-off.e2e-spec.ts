import './support/env/tight-connections';
import { connect, type Socket } from 'node:net';
import { createAccount } from './support/accounts';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { openSse, type SseStream } from './support/sse-client';
import { eventually, useApiOnTestDatabase } from './support/test-app';

/** A client that sends its request a byte at a time, for ever, unless the server hangs up. */
function trickle(port: number): { socket: Socket; answer: () => string; closed: () => boolean } {
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  let closed = false;
  socket.on('data', (chunk) => (answer += chunk.toString()));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  socket.write(
    'POST /auth/signup HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      'Content-Length: 1000\r\n\r\n{',
  );
  const timer = setInterval(() => {
    if (!closed) socket.write(' ');
  }, 200);
  socket.on('close', () => clearInterval(timer));
  return { socket, answer: () => answer, closed: () => closed };
}

describe('slow clients and stream hoarders are cut off', () => {
  const ctx = useApiOnTestDatabase();
  let base: string;
  let port: number;
  let drop: LiveDrop;
  const streams: SseStream[] = [];

  beforeAll(async () => {
    await ctx.app.listen(0, '127.0.0.1');
    base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    port = Number(new URL(base).port);
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [3] });
  });
  afterAll(() => {
    for (const stream of streams) stream.close();
  });

  it('answers 408 and closes a connection whose body never finishes arriving', async () => {
    const slow = trickle(port);
    await eventually(() => Promise.resolve(slow.closed() ? true : undefined), 15_000);
    expect(slow.answer()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('keeps an event stream open past the request deadline', async () => {
    const stream = await openSse(`${base}/drops/${drop.id}/events`);
    streams.push(stream);
    expect(stream.status).toBe(200);
    // Heartbeats every second: four of them means the stream outlived the 2-second deadline.
    await stream.until((s) => s.comments.length >= 4, 15_000);
    expect(stream.ended).toBe(false);
    stream.close();
  });

  it('lets one address hold only SSE_MAX_CLIENTS_PER_IP live streams, and frees a slot on close', async () => {
    const open = async () => {
      const stream = await openSse(`${base}/drops/${drop.id}/events`);
      streams.push(stream);
      return stream;
    };
    const held = [await open(), await open(), await open()];
    expect(held.map((s) => s.status)).toEqual([200, 200, 200]);
    const refused = await open();
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'TOO_MANY_STREAMS' } });
    held[0].close();
    const again = await eventually(async () => {
      const next = await open();
      if (next.status === 200) return next;
      next.close();
      return undefined;
    });
    expect(again.status).toBe(200);
    for (const stream of streams) stream.close();
  });

  it('lets one address hold only SSE_MAX_CLIENTS_PER_IP waiting-room streams', async () => {
    const fans = await Promise.all([0, 1, 2, 3].map(() => createAccount(ctx.app, ctx.db)));
    for (const fan of fans) {
      const joined = await fetch(`${base}/drops/${drop.id}/room`, {
        method: 'POST',
        headers: { authorization: fan.bearer },
      });
      expect(joined.status).toBe(201);
    }
    const opened: SseStream[] = [];
    for (const fan of fans) {
      const stream = await openSse(`${base}/drops/${drop.id}/room/me/events`, {
        authorization: fan.bearer,
      });
      streams.push(stream);
      opened.push(stream);
    }
    expect(opened.map((s) => s.status)).toEqual([200, 200, 200, 429]);
    expect(JSON.parse(opened[3].body)).toMatchObject({ error: { code: 'TOO_MANY_STREAMS' } });
  });
});
