import createClient, { type Middleware } from 'openapi-fetch';
import { session } from '../auth/session';
import { observeDateHeader } from '../lib/server-clock';
import { retryingFetch } from './retrying-fetch';
import type { paths } from './schema.gen';

/**
 * The only way the app reaches the API: typed from the API's OpenAPI document
 * (`npm run client:generate`). Signed-in requests carry the in-memory access token, which the
 * session refreshes before it expires; a 401 anyway (the session ended elsewhere) tells the
 * session, which tries its cookie once and otherwise signs the page out.
 */
const auth: Middleware = {
  async onRequest({ request }) {
    if (request.headers.has('authorization')) return request;
    const token = await session.accessToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && request.headers.has('authorization')) {
      void session.lost();
    }
    return response;
  },
};

/** Every answer's Date header keeps the countdowns on the server's clock. */
const sentAt = new Map<string, number>();
const clock: Middleware = {
  onRequest({ id }) {
    sentAt.set(id, Date.now());
  },
  onResponse({ id, response }) {
    observeDateHeader(response, sentAt.get(id) ?? Date.now());
    sentAt.delete(id);
  },
};

export const api = createClient<paths>({ baseUrl: '', fetch: retryingFetch() });
api.use(auth, clock);

export type { paths };
