import Redis, { type Command } from 'ioredis';

type CommandStream = Parameters<Redis['sendCommand']>[1];

/**
 * A Redis connection whose commands of one event-loop turn leave in one socket write: the
 * turn's first command corks the socket and `setImmediate` uncorks it, so Node hands the
 * commands to the kernel as one `writev`. At a drop's opening the hold route's script is one
 * command per request, and one write per command was ~17 % of the API's CPU per decline and
 * half of Redis's (its reads and wake-ups).
 *
 * This replaces ioredis's `enableAutoPipelining`, which batched the same writes but built a
 * `Pipeline` (a copy of every defined script's methods) per batch: about half of what scavenges
 * promoted to the old generation, and so of the Mark-Compacts that froze the API for ~190 ms
 * (docs/benchmarks.md, "Coalesced writes instead of auto-pipelining"). Nothing else changes:
 * each command is queued for its reply, in order, before any of the turn's bytes reach the
 * socket, and a command sent while the connection is not ready takes ioredis's offline queue.
 */
export class WriteCoalescingRedis extends Redis {
  private corkedStream: Redis['stream'] | null = null;

  private readonly uncork = (): void => {
    const stream = this.corkedStream;
    this.corkedStream = null;
    stream?.uncork();
  };

  override sendCommand(command: Command, stream?: CommandStream): unknown {
    // Fields are not yet set while ioredis's constructor runs: undefined, never corked then.
    if (this.corkedStream === null && this.status === 'ready' && this.stream?.writable) {
      this.corkedStream = this.stream;
      this.corkedStream.cork();
      setImmediate(this.uncork);
    }
    return super.sendCommand(command, stream);
  }
}
