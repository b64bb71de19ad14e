import { DomainError } from '@limited-run/platform';

/** Unknown drop, a draft, or a drop of another collective than the path names. */
export class MonitoredDropNotFoundError extends DomainError {
  constructor() {
    super('DROP_NOT_FOUND', 'not_found', 'No monitored drop has this id here.');
  }
}

/** This process already serves MONITOR streams up to its limit. */
export class MonitorClientsFullError extends DomainError {
  constructor() {
    super(
      'MONITOR_CLIENTS_FULL',
      'unavailable',
      'This server serves as many monitor streams as it can; retry shortly.',
    );
  }
}

/** A state-changing request to the queue dashboard that does not come from the API's own page. */
export class QueueDashboardOriginRefusedError extends DomainError {
  constructor() {
    super(
      'ORIGIN_REFUSED',
      'forbidden',
      "The queue dashboard takes changes only from its own page (the request's Origin).",
    );
  }
}
