import { useSession } from '../../auth/use-session';
import { useMyRole } from '../team/team-hooks';

/**
 * Refunds (and returns, which may refund) send money back, so the API takes them from owners
 * and admins only (docs/console.md says why); staff are not shown a button it would refuse.
 */
export function useMayRefund(collective: string): boolean {
  const role = useMyRole(collective);
  const session = useSession();
  return role === 'owner' || (session.status === 'signed-in' && session.user.role === 'admin');
}
