import { randomUUID } from 'node:crypto';
import { subscriberConnection } from '@limited-run/platform';
import Redis from 'ioredis';

/**
 * Every stream (live counters, waiting room, monitor) subscribes on a connection it has just
 * opened. With ioredis's ready check on, a SUBSCRIBE issued while the connection was opening
 * sometimes reached Redis before the ready check's INFO, Redis refused the INFO in subscriber
 * mode, and the SUBSCRIBE was rejected with "Connection in subscriber mode": a stream answered
 * 500, about one process start in ten (test/stream-caps-hold-across-api-processes.e2e-spec.ts
 * failed on it in CI). Forty connections opening at once, subscribing before or during their handshake, must all subscribe.
 */
describe('subscriber connections subscribe while connecting', () => {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const connections: Redis[] = [];
  afterAll(() => connections.forEach((connection) => connection.disconnect()));

  it('every SUBSCRIBE issued at once on a new connection succeeds and receives', async () => {
    const channel = `${process.env.REDIS_PREFIX}:subscribe-race:${randomUUID()}`;
    const errors: unknown[] = [];
    const received = Array.from({ length: 40 }, () => {
      const connection = subscriberConnection(url, 'limited-run-test');
      connection.on('error', (error) => errors.push(error));
      connections.push(connection);
      return new Promise<string>((resolve) => connection.on('message', (_c, m) => resolve(m)));
    });
    // As streams do: some subscribe before the socket is up, others while the connection
    // is completing its handshake (its `connect` event, before `ready`).
    const subscribed = await Promise.allSettled(
      connections.map(
        (connection, i) =>
          new Promise((resolve, reject) => {
            const subscribe = (): void => {
              connection.subscribe(channel).then(resolve, reject);
            };
            if (i % 2 === 0) subscribe();
            else connection.once('connect', subscribe);
          }),
      ),
    );
    expect(subscribed.filter((s) => s.status === 'rejected')).toEqual([]);
    expect(errors).toEqual([]);

    const publisher = new Redis(url);
    try {
      expect(await publisher.publish(channel, 'opened')).toBe(40);
    } finally {
      publisher.disconnect();
    }
    expect(await Promise.all(received)).toEqual(Array(40).fill('opened'));
  });
});
