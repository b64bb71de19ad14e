/** Where to go after signing in: only a path on this site (never an open redirect). */
export function safeReturnPath(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
