import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { session } from '../auth/session';
import { useSession } from '../auth/use-session';

/** The frame every area shares: skip link, header with the areas the account may use, main. */
export function Layout({ children }: { children: ReactNode }) {
  const state = useSession();
  const [location] = useLocation();
  const area = location.startsWith('/console')
    ? 'console'
    : location.startsWith('/monitor')
      ? 'monitor'
      : 'storefront';
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link href="/" className="brand" aria-label="Limited Run, home">
          Limited&nbsp;Run
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <Link href="/" aria-current={area === 'storefront' ? 'page' : undefined}>
                Drops
              </Link>
            </li>
            {state.status === 'signed-in' && (
              <>
                <li>
                  <Link href="/account">My account</Link>
                </li>
                <li>
                  <Link href="/console" aria-current={area === 'console' ? 'page' : undefined}>
                    Console
                  </Link>
                </li>
                {state.user.role === 'admin' && (
                  <li>
                    <Link href="/monitor" aria-current={area === 'monitor' ? 'page' : undefined}>
                      Monitor
                    </Link>
                  </li>
                )}
                <li>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void session.signOut()}
                  >
                    Sign out
                  </button>
                </li>
              </>
            )}
            {state.status === 'signed-out' && (
              <>
                <li>
                  <Link href="/signin">Sign in</Link>
                </li>
                <li>
                  <Link href="/signup" className="button button-small">
                    Sign up
                  </Link>
                </li>
              </>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>Limited Run: fixed editions, honest counters, draws anyone can check.</p>
      </footer>
    </>
  );
}
