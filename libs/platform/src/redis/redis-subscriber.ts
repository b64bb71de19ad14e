import Redis from 'ioredis';
import { redisOptionsFromUrl } from './redis-url';

/**
 * A connection for SUBSCRIBE and PSUBSCRIBE only (live counters, waiting rooms, the monitor).
 * No ready check and no client-info handshake: ioredis 5 sends its ready check (INFO) after the
 * handshake, a SUBSCRIBE issued while the connection was opening could reach the server first,
 * and Redis then refused the INFO in subscriber mode; the failed ready check rejected the
 * pending SUBSCRIBE, so the stream that asked for it was answered 500 (redis/ioredis#2037;
 * `test/subscriber-connections-subscribe-while-connecting.e2e-spec.ts`). A subscriber needs no
 * ready check: Redis serves SUBSCRIBE while it loads its data.
 */
export function subscriberConnection(url: string, connectionName: string): Redis {
  return new Redis({
    ...redisOptionsFromUrl(url),
    connectionName,
    maxRetriesPerRequest: 2,
    enableReadyCheck: false,
    disableClientInfo: true,
  });
}
