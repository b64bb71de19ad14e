import type { ReactNode } from 'react';
import { Redirect } from 'wouter';
import { Loading } from '../ui/status';
import { useSession } from './use-session';

/** Renders `children` for a signed-in fan; otherwise sends them to sign in and back here. */
export function RequireSession({ children }: { children: ReactNode }) {
  const state = useSession();
  if (state.status === 'restoring') return <Loading label="Checking your session…" />;
  if (state.status === 'signed-out') {
    const here = `${window.location.pathname}${window.location.search}`;
    return <Redirect to={`~/signin?next=${encodeURIComponent(here)}`} replace />;
  }
  return <>{children}</>;
}
