import { useSyncExternalStore } from 'react';
import { session, type SessionState } from './session';

/** The session as React state: pages re-render when the fan signs in or out. */
export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.snapshot);
}
