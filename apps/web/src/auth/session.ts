import { authApi } from '../api/auth-client';
import { ApiError } from '../api/api-error';
import type { components } from '../api/schema.gen';

export type User = components['schemas']['UserResponse'];
type TokenPair = components['schemas']['TokenPairResponse'];

export type SessionState =
  { status: 'restoring' } | { status: 'signed-out' } | { status: 'signed-in'; user: User };

/** Refresh this long before the access token expires, so no request meets an expired one. */
const REFRESH_AHEAD_MS = 60_000;
const MIN_REFRESH_DELAY_MS = 5_000;
/** The Web Lock every tab of this origin takes around a refresh. */
const REFRESH_LOCK = 'limited-run:session-refresh';

/**
 * The browser session, in one place. The access token lives only in this object's memory; the
 * refresh token only in the HttpOnly cookie the API sets (scoped to /auth/refresh), so script
 * can read neither from storage. A reload restores the session through the cookie. Refreshes
 * are single-flight within the page and take turns across tabs (a Web Lock): rotation makes a
 * refresh token good once and the API revokes the whole session when a spent one comes back, so
 * two tabs presenting the same cookie at once would sign the fan out. In turn, each tab refreshes
 * with the cookie the tab before it was given.
 */
class Session {
  private state: SessionState = { status: 'restoring' };
  private token: string | undefined;
  private expiresAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<boolean> | undefined;
  private readonly listeners = new Set<() => void>();

  snapshot = (): SessionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The current access token, refreshed first if it is about to expire. */
  async accessToken(): Promise<string | undefined> {
    if (this.state.status === 'restoring') await this.restore();
    if (this.token && Date.now() > this.expiresAt - MIN_REFRESH_DELAY_MS) await this.refresh();
    return this.token;
  }

  /** On page load: a session cookie, if there is one, signs this page in again. */
  restore(): Promise<boolean> {
    return this.refresh();
  }

  async signIn(email: string, password: string): Promise<User> {
    const { data, error, response } = await authApi.POST('/auth/login', {
      body: { email, password },
    });
    if (!data) throw ApiError.from(response.status, error);
    return this.adopt(data);
  }

  async signUp(email: string, password: string, displayName: string): Promise<User> {
    const { data, error, response } = await authApi.POST('/auth/signup', {
      body: { email, password, displayName },
    });
    if (!data) throw ApiError.from(response.status, error);
    return this.adopt(data);
  }

  /** Creates the platform's first admin with the one-time setup token, signed in. */
  async setUpFirstAdmin(input: {
    token: string;
    email: string;
    password: string;
    displayName: string;
  }): Promise<User> {
    const { data, error, response } = await authApi.POST('/setup/admin', { body: input });
    if (!data) throw ApiError.from(response.status, error);
    return this.adopt(data);
  }

  /** Signs in with a pair the API issued some other way (a password reset). */
  adopt(pair: TokenPair): User {
    this.token = pair.accessToken;
    this.expiresAt = Date.now() + pair.expiresIn * 1000;
    this.schedule(pair.expiresIn * 1000);
    this.set({ status: 'signed-in', user: pair.user });
    return pair.user;
  }

  async signOut(): Promise<void> {
    const token = this.token;
    this.clear();
    if (token) {
      await authApi.POST('/auth/logout', { headers: { authorization: `Bearer ${token}` } });
    }
  }

  /** A request was refused as unauthenticated: try the cookie once, else sign out. */
  async lost(): Promise<void> {
    if (!(await this.refresh())) this.clear();
  }

  private refresh(): Promise<boolean> {
    this.inFlight ??= this.exchange().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async exchange(): Promise<boolean> {
    // Web Locks exist in every current browser, in secure contexts (https, localhost). Without
    // them (plain http on another host) the page is still single-flight, tabs are not.
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    if (!locks) return this.exchangeNow();
    let signedIn = false;
    await locks.request(REFRESH_LOCK, async () => {
      signedIn = await this.exchangeNow();
    });
    return signedIn;
  }

  private async exchangeNow(): Promise<boolean> {
    try {
      const { data } = await authApi.POST('/auth/refresh', { body: {} });
      if (data) {
        this.adopt(data);
        return true;
      }
    } catch {
      // Offline: treated as signed out until the fan signs in again.
    }
    this.clear();
    return false;
  }

  private schedule(lifetimeMs: number): void {
    clearTimeout(this.timer);
    const delay = Math.max(MIN_REFRESH_DELAY_MS, lifetimeMs - REFRESH_AHEAD_MS);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private clear(): void {
    clearTimeout(this.timer);
    this.token = undefined;
    this.expiresAt = 0;
    this.set({ status: 'signed-out' });
  }

  private set(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

export const session = new Session();
