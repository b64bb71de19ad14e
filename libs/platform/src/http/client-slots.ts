import { DomainError } from '../errors/domain-error';

/**
 * Long-lived responses (event streams) one client may hold open in this process. Without it one
 * address could take every stream the process serves (`SSE_MAX_CLIENTS`) and shut fans out.
 * Counted per process, as the global cap is: N API processes allow N × the limit.
 */
export class ClientSlots {
  private readonly held = new Map<string, number>();

  constructor(private readonly limit: () => number) {}

  /** Takes one of `client`'s slots: a release function (safe to call twice), or undefined if full. */
  take(client: string): (() => void) | undefined {
    const taken = this.held.get(client) ?? 0;
    if (taken >= this.limit()) return undefined;
    this.held.set(client, taken + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(client) ?? 1) - 1;
      if (left > 0) this.held.set(client, left);
      else this.held.delete(client);
    };
  }
}

/** This client already holds `SSE_MAX_CLIENTS_PER_IP` streams here. */
export class TooManyStreamsError extends DomainError {
  constructor() {
    super(
      'TOO_MANY_STREAMS',
      'rate_limited',
      'Too many open streams from your address; close one first.',
    );
  }
}
