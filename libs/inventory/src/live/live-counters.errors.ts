import { DomainError } from '@limited-run/platform';

/** This API process already serves `SSE_MAX_CLIENTS` streams; another process may have room. */
export class LiveClientsFullError extends DomainError {
  constructor() {
    super('LIVE_CLIENTS_FULL', 'unavailable', 'Too many live streams here; retry shortly.');
  }
}

/** Redis did not confirm the subscription in time. */
export class LiveCountersUnavailableError extends DomainError {
  constructor(cause: unknown) {
    super('LIVE_COUNTERS_UNAVAILABLE', 'unavailable', 'Live counters are unavailable; retry.');
    this.cause = cause;
  }
}
