import { randomUUID } from 'node:crypto';
import { WriteCoalescingRedis } from '@limited-run/platform';

/**
 * The shared Redis connection writes the commands of one event-loop turn in one socket write
 * (libs/platform/src/redis/write-coalescing-redis.ts): the hold route's declines cost one
 * script call each, and a write per call was a sixth of their CPU. Checked against real Redis:
 * one write per turn, every answer to its own command, the offline queue while connecting,
 * and a socket lost with a turn's commands still corked.
 */
describe('the shared Redis connection coalesces the writes of one event-loop turn', () => {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `${process.env.REDIS_PREFIX}:coalesce:${randomUUID()}:`;
  const clients: WriteCoalescingRedis[] = [];
  const connect = (): WriteCoalescingRedis => {
    const client = new WriteCoalescingRedis(url, { keyPrefix: prefix, maxRetriesPerRequest: 2 });
    clients.push(client);
    return client;
  };
  // The harness's global teardown deletes every key under the run's prefix.
  afterAll(() => clients.forEach((client) => client.disconnect()));

  /** Counts the socket writes that reach Node's stream implementation (one per syscall batch). */
  function countWrites(client: WriteCoalescingRedis) {
    const stream = client.stream as unknown as {
      _write: (...args: unknown[]) => void;
      _writev: (chunks: unknown[], cb: unknown) => void;
    };
    const writes: number[] = [];
    const write = stream._write.bind(stream);
    const writev = stream._writev.bind(stream);
    stream._write = (...args) => {
      writes.push(1);
      write(...args);
    };
    stream._writev = (chunks, cb) => {
      writes.push(chunks.length);
      writev(chunks, cb);
    };
    return writes;
  }

  it('writes a turn of 250 mixed commands once, in order, and answers each with its own reply', async () => {
    const client = connect();
    client.defineCommand('doubleIt', {
      numberOfKeys: 1,
      lua: "return redis.call('INCRBY', KEYS[1], 2 * tonumber(ARGV[1]))",
    });
    await client.ping();
    const writes = countWrites(client);

    const answers = Array.from({ length: 200 }, (_, i) => {
      const key = `n:${i}`;
      if (i % 4 === 0) return client.incrby(key, i);
      // The GET is written after the SET in the same write, so Redis runs it after the SET.
      if (i % 4 === 1) return Promise.all([client.set(key, `v${i}`), client.get(key)]);
      if (i % 4 === 2)
        return (client as unknown as { doubleIt(k: string, n: number): Promise<number> }).doubleIt(
          key,
          i,
        );
      return client.get(`missing:${i}`);
    });
    // The first command of the turn corked the socket: nothing has been written yet.
    expect(writes).toEqual([]);
    const replies = await Promise.all(answers);

    expect(replies).toEqual(
      Array.from({ length: 200 }, (_, i) =>
        i % 4 === 0 ? i : i % 4 === 1 ? ['OK', `v${i}`] : i % 4 === 2 ? 2 * i : null,
      ),
    );
    expect(writes).toEqual([250]);
  });

  it('starts a new write for each turn', async () => {
    const client = connect();
    await client.ping();
    const writes = countWrites(client);
    for (let turn = 0; turn < 3; turn++) {
      await Promise.all([client.incr('turns'), client.incr('turns'), client.incr('turns')]);
    }
    expect(writes).toEqual([3, 3, 3]);
    expect(await client.get('turns')).toBe('9');
  });

  it('queues commands issued while the connection opens, and answers them once it is ready', async () => {
    const client = connect();
    expect(client.status).not.toBe('ready');
    const replies = await Promise.all([
      client.set('early', 'yes'),
      client.get('early'),
      client.incr('early:n'),
    ]);
    expect(replies).toEqual(['OK', 'yes', 1]);
  });

  it('resends, exactly once, the commands of a turn whose socket died before they were written', async () => {
    const client = connect();
    await client.ping();
    const increments = Array.from({ length: 20 }, (_, i) => client.incr(`lost:${i}`));
    // The turn's commands are still corked in the socket's buffer when it is destroyed: none
    // reached Redis, so ioredis's resend after reconnecting is each command's only delivery.
    client.stream.destroy();
    expect(await Promise.all(increments)).toEqual(Array(20).fill(1));
    const counts = await Promise.all(Array.from({ length: 20 }, (_, i) => client.get(`lost:${i}`)));
    expect(counts).toEqual(Array(20).fill('1'));
  });
});
