import createClient from 'openapi-fetch';
import { retryingFetch } from './retrying-fetch';
import type { paths } from './schema.gen';

/**
 * For the session itself: no bearer middleware (no refresh loop), and cookie transport, so the
 * refresh token stays in the HttpOnly cookie and out of every response body.
 */
export const authApi = createClient<paths>({
  baseUrl: '',
  fetch: retryingFetch(),
  credentials: 'same-origin',
  headers: { 'x-session-transport': 'cookie' },
});
