import type { DeferredSessionCheck } from '@limited-run/platform';
import type { UserRole } from '../user.entity';

/** Who is calling, as established by a verified access token and the account's current state. */
export interface Principal {
  userId: string;
  /** Read from the account on every request, so a demotion takes effect at once. */
  role: UserRole;
  /** The refresh-token family the access token was issued from; logout revokes it. */
  sessionId: string;
}

/**
 * The principal plus the request it acted in: what services need to write an audit entry.
 * Controllers obtain it with `@CurrentActor()` and pass it down.
 */
export interface Actor extends Principal {
  requestId: string;
}

/** The request as our guards see it; `principal` is set by the access-token guard. */
export interface AuthenticatedRequest {
  id: string;
  principal?: Principal;
  /** Set instead of `principal` on a `@SessionCheckedByRoute()` route (the token is verified). */
  sessionCheck?: DeferredSessionCheck;
  params: Record<string, string | undefined>;
  headers: Record<string, string | string[] | undefined>;
}
