import { QUEUE_DASHBOARD_PREFIX } from '@limited-run/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
// Who may call which route. The authorization-matrix e2e test lists every route the API
// registers and fails if one has no entry here, so a new endpoint cannot ship unreviewed.
//
// Callers: `anonymous` (no token), `fan` (signed-in, no membership), `otherStaff` (staff of a
// different collective), `staff` and `owner` (of the collective named by `:collective`),
// `admin`. A caller not in `allow` must get 401 (anonymous) or 403 (everyone else);
// a caller in `allow` must get `allowedStatus`, the answer to the probe request: an empty
// JSON body, `:collective` bound to the fixture collective's slug and every other parameter
// bound to `params[name]` or, if absent, a random UUID.

export const CALLERS = ['anonymous', 'fan', 'otherStaff', 'staff', 'owner', 'admin'] as const;
export type Caller = (typeof CALLERS)[number];

export interface RouteAccess {
  /** `METHOD /path/:param`, exactly as the route table spells it. */
  route: string;
  allow: readonly Caller[];
  /** What an allowed caller's probe gets (400 for an empty body, 404 for a random id, …). */
  allowedStatus: number;
  params?: Record<string, string>;
  /** The probe ends the caller's session (logout): each probe gets a fresh sign-in. */
  endsSession?: boolean;
  /** An endless event stream: the probe reads the status and the first bytes, then hangs up. */
  stream?: boolean;
}

const everyone = CALLERS;
const signedIn = ['fan', 'otherStaff', 'staff', 'owner', 'admin'] as const;
const staffAndUp = ['staff', 'owner', 'admin'] as const;
const ownerAndUp = ['owner', 'admin'] as const;
const adminOnly = ['admin'] as const;

export const ACCESS_MATRIX: RouteAccess[] = [
  { route: 'GET /health/live', allow: everyone, allowedStatus: 200 },
  { route: 'GET /health/ready', allow: everyone, allowedStatus: 200 },
  { route: 'POST /auth/signup', allow: everyone, allowedStatus: 400 },
  { route: 'POST /auth/login', allow: everyone, allowedStatus: 400 },
  // The body's token is optional (browsers send the cookie): an empty probe has no token at all.
  { route: 'POST /auth/refresh', allow: everyone, allowedStatus: 401 },
  { route: 'POST /auth/logout', allow: signedIn, allowedStatus: 204, endsSession: true },
  { route: 'POST /auth/password', allow: signedIn, allowedStatus: 400 },
  { route: 'POST /auth/password-reset', allow: everyone, allowedStatus: 400 },
  { route: 'POST /auth/password-reset/confirm', allow: everyone, allowedStatus: 400 },
  { route: 'GET /me', allow: signedIn, allowedStatus: 200 },
  // The first admin, by the one-time setup token (an empty probe fails validation first).
  { route: 'POST /setup/admin', allow: everyone, allowedStatus: 400 },
  // platform administration
  { route: 'GET /admin/users', allow: adminOnly, allowedStatus: 200 },
  { route: 'POST /admin/users/:userId/suspend', allow: adminOnly, allowedStatus: 400 },
  { route: 'POST /admin/users/:userId/reinstate', allow: adminOnly, allowedStatus: 404 },
  { route: 'GET /admin/audit', allow: adminOnly, allowedStatus: 200 },
  { route: 'POST /admin/queues/session', allow: adminOnly, allowedStatus: 204 },
  // collectives
  { route: 'POST /admin/collectives', allow: adminOnly, allowedStatus: 400 },
  { route: 'GET /admin/collectives', allow: adminOnly, allowedStatus: 200 },
  { route: 'GET /collectives/:collective', allow: everyone, allowedStatus: 200 },
  { route: 'GET /collectives/:collective/members', allow: staffAndUp, allowedStatus: 200 },
  {
    route: 'PATCH /collectives/:collective/members/:userId',
    allow: ownerAndUp,
    allowedStatus: 400,
  },
  {
    route: 'DELETE /collectives/:collective/members/:userId',
    allow: ownerAndUp,
    allowedStatus: 404,
  },
  { route: 'POST /collectives/:collective/invites', allow: ownerAndUp, allowedStatus: 400 },
  { route: 'GET /collectives/:collective/invites', allow: ownerAndUp, allowedStatus: 200 },
  {
    route: 'DELETE /collectives/:collective/invites/:inviteId',
    allow: ownerAndUp,
    allowedStatus: 404,
  },
  { route: 'GET /collectives/:collective/audit', allow: ownerAndUp, allowedStatus: 200 },
  { route: 'POST /invites/accept', allow: signedIn, allowedStatus: 400 },
  { route: 'GET /me/collectives', allow: signedIn, allowedStatus: 200 },
  // catalog: a collective's items and variants
  { route: 'POST /collectives/:collective/items', allow: staffAndUp, allowedStatus: 400 },
  { route: 'GET /collectives/:collective/items', allow: staffAndUp, allowedStatus: 200 },
  { route: 'GET /collectives/:collective/items/:item', allow: staffAndUp, allowedStatus: 404 },
  { route: 'PATCH /collectives/:collective/items/:item', allow: staffAndUp, allowedStatus: 404 },
  {
    route: 'POST /collectives/:collective/items/:item/variants',
    allow: staffAndUp,
    allowedStatus: 400,
  },
  {
    route: 'GET /collectives/:collective/items/:item/variants',
    allow: staffAndUp,
    allowedStatus: 404,
  },
  {
    route: 'GET /collectives/:collective/items/:item/variants/:variant',
    allow: staffAndUp,
    allowedStatus: 404,
  },
  {
    route: 'PATCH /collectives/:collective/items/:item/variants/:variant',
    allow: staffAndUp,
    allowedStatus: 404,
  },
  {
    route: 'DELETE /collectives/:collective/items/:item',
    allow: staffAndUp,
    allowedStatus: 404,
  },
  {
    route: 'DELETE /collectives/:collective/items/:item/variants/:variant',
    allow: staffAndUp,
    allowedStatus: 404,
  },
  { route: 'GET /item-kinds', allow: everyone, allowedStatus: 200 },
  // media: an item's images (an empty JSON body is not a multipart upload: 400)
  {
    route: 'POST /collectives/:collective/items/:item/images',
    allow: staffAndUp,
    allowedStatus: 400,
  },
  {
    route: 'GET /collectives/:collective/items/:item/images',
    allow: staffAndUp,
    allowedStatus: 404,
  },
  {
    route: 'PUT /collectives/:collective/items/:item/images/order',
    allow: staffAndUp,
    allowedStatus: 400,
  },
  {
    route: 'PATCH /collectives/:collective/items/:item/images/:image',
    allow: staffAndUp,
    allowedStatus: 400,
  },
  {
    route: 'DELETE /collectives/:collective/items/:item/images/:image',
    allow: staffAndUp,
    allowedStatus: 404,
  },
  { route: 'GET /media/images/:image/:file', allow: everyone, allowedStatus: 404 },
  // drops: a collective's drops (drafts included) and the public catalogue
  { route: 'POST /collectives/:collective/drops', allow: staffAndUp, allowedStatus: 400 },
  { route: 'GET /collectives/:collective/drops', allow: staffAndUp, allowedStatus: 200 },
  { route: 'GET /collectives/:collective/drops/:drop', allow: staffAndUp, allowedStatus: 404 },
  { route: 'PATCH /collectives/:collective/drops/:drop', allow: staffAndUp, allowedStatus: 404 },
  {
    route: 'PUT /collectives/:collective/drops/:drop/lines/:variant',
    allow: staffAndUp,
    allowedStatus: 400,
  },
  {
    route: 'DELETE /collectives/:collective/drops/:drop/lines/:variant',
    allow: staffAndUp,
    allowedStatus: 404,
  },
  {
    route: 'POST /collectives/:collective/drops/:drop/schedule',
    allow: staffAndUp,
    allowedStatus: 404,
  },
  {
    route: 'POST /collectives/:collective/drops/:drop/cancel',
    allow: staffAndUp,
    allowedStatus: 404,
  },
  {
    route: 'GET /collectives/:collective/drops/:drop/cancellation',
    allow: staffAndUp,
    allowedStatus: 404,
  },
  {
    route: 'POST /collectives/:collective/drops/:drop/extend',
    allow: staffAndUp,
    allowedStatus: 400,
  },
  { route: 'GET /drops', allow: everyone, allowedStatus: 200 },
  { route: 'GET /drops/:drop', allow: everyone, allowedStatus: 404 },
  // live counters (unknown drop: 404 before any stream starts)
  // holds
  { route: 'POST /drops/:drop/holds', allow: signedIn, allowedStatus: 400 },
  { route: 'GET /drops/:drop/holds/:hold', allow: signedIn, allowedStatus: 404 },
  { route: 'DELETE /drops/:drop/holds/:hold', allow: signedIn, allowedStatus: 404 },
  { route: 'GET /drops/:drop/availability', allow: everyone, allowedStatus: 404 },
  { route: 'GET /drops/:drop/events', allow: everyone, allowedStatus: 404 },
  // waitlists, raffles, fairness and waiting rooms (unknown drop: 404; an entry needs a variant: 400)
  { route: 'POST /drops/:drop/waitlist', allow: signedIn, allowedStatus: 404 },
  { route: 'DELETE /drops/:drop/waitlist', allow: signedIn, allowedStatus: 404 },
  { route: 'GET /drops/:drop/waitlist/me', allow: signedIn, allowedStatus: 404 },
  { route: 'GET /drops/:drop/raffle', allow: everyone, allowedStatus: 404 },
  { route: 'POST /drops/:drop/raffle/entries', allow: signedIn, allowedStatus: 400 },
  { route: 'DELETE /drops/:drop/raffle/entries', allow: signedIn, allowedStatus: 404 },
  { route: 'GET /drops/:drop/raffle/me', allow: signedIn, allowedStatus: 404 },
  { route: 'GET /drops/:drop/fairness', allow: everyone, allowedStatus: 404 },
  {
    route: 'GET /drops/:drop/fairness/pages/:page',
    allow: everyone,
    allowedStatus: 404,
    params: { page: '0' },
  },
  { route: 'POST /drops/:drop/room', allow: signedIn, allowedStatus: 404 },
  { route: 'GET /drops/:drop/room/me', allow: signedIn, allowedStatus: 404 },
  { route: 'GET /drops/:drop/room/me/events', allow: signedIn, allowedStatus: 404 },
  // payments: Stripe's webhook (its signature is the credential: unsigned → 400), checkout of
  // one's own hold (someone else's or a random one: 404), orders, edition certificates
  { route: 'POST /webhooks/stripe', allow: everyone, allowedStatus: 400 },
  { route: 'POST /drops/:drop/holds/:hold/checkout', allow: signedIn, allowedStatus: 404 },
  { route: 'GET /me/orders', allow: signedIn, allowedStatus: 200 },
  { route: 'GET /me/orders/:order', allow: signedIn, allowedStatus: 404 },
  { route: 'GET /me/holds', allow: signedIn, allowedStatus: 200 },
  { route: 'GET /me/raffle-entries', allow: signedIn, allowedStatus: 200 },
  { route: 'GET /me/waitlists', allow: signedIn, allowedStatus: 200 },
  { route: 'GET /collectives/:collective/orders', allow: staffAndUp, allowedStatus: 200 },
  { route: 'GET /collectives/:collective/orders/:order', allow: staffAndUp, allowedStatus: 404 },
  {
    route: 'GET /collectives/:collective/drops/:drop/orders.csv',
    allow: staffAndUp,
    allowedStatus: 404,
  },
  { route: 'GET /admin/orders', allow: adminOnly, allowedStatus: 200 },
  {
    route: 'POST /collectives/:collective/orders/:order/refund',
    allow: ownerAndUp,
    allowedStatus: 400,
  },
  {
    route: 'GET /editions/:variant/serials/:serial',
    allow: everyone,
    allowedStatus: 404,
    params: { serial: '1' },
  },
  // shipping (issue 18): profiles, a drop's profile and its public price list, fulfilment,
  // returns (they may refund: owners), packing lists and labels
  {
    route: 'GET /collectives/:collective/shipping-profiles',
    allow: staffAndUp,
    allowedStatus: 200,
  },
  {
    route: 'POST /collectives/:collective/shipping-profiles',
    allow: staffAndUp,
    allowedStatus: 400,
  },
  {
    route: 'GET /collectives/:collective/shipping-profiles/:profile',
    allow: staffAndUp,
    allowedStatus: 404,
  },
  {
    route: 'PUT /collectives/:collective/shipping-profiles/:profile',
    allow: staffAndUp,
    allowedStatus: 400,
  },
  {
    route: 'DELETE /collectives/:collective/shipping-profiles/:profile',
    allow: staffAndUp,
    allowedStatus: 404,
  },
  {
    route: 'PUT /collectives/:collective/drops/:drop/shipping',
    allow: staffAndUp,
    allowedStatus: 400,
  },
  {
    route: 'GET /collectives/:collective/drops/:drop/shipping',
    allow: staffAndUp,
    allowedStatus: 404,
  },
  { route: 'GET /drops/:drop/shipping', allow: everyone, allowedStatus: 404 },
  {
    route: 'POST /collectives/:collective/orders/fulfilment',
    allow: staffAndUp,
    allowedStatus: 400,
  },
  {
    route: 'POST /collectives/:collective/orders/:order/fulfilment',
    allow: staffAndUp,
    allowedStatus: 400,
  },
  {
    route: 'POST /collectives/:collective/orders/:order/return',
    allow: ownerAndUp,
    allowedStatus: 400,
  },
  ...['packing-list.csv', 'packing-list.pdf', 'labels.csv', 'labels.pdf'].map((file) => ({
    route: `GET /collectives/:collective/drops/:drop/${file}`,
    allow: staffAndUp,
    allowedStatus: 404,
  })),
  // the monitor and anomalies (issue 15); /metrics answers loopback callers (as the probes are)
  { route: 'GET /metrics', allow: everyone, allowedStatus: 200 },
  { route: 'GET /admin/monitor/drops', allow: adminOnly, allowedStatus: 200 },
  { route: 'GET /admin/monitor/drops/:drop', allow: adminOnly, allowedStatus: 404 },
  { route: 'GET /admin/monitor/payments', allow: adminOnly, allowedStatus: 200 },
  { route: 'GET /admin/monitor/queues', allow: adminOnly, allowedStatus: 200 },
  { route: 'GET /admin/monitor/events', allow: adminOnly, allowedStatus: 200, stream: true },
  { route: 'GET /admin/anomalies', allow: adminOnly, allowedStatus: 200 },
  { route: 'GET /admin/anomalies/:anomaly', allow: adminOnly, allowedStatus: 404 },
  { route: 'POST /admin/anomalies/:anomaly/acknowledge', allow: adminOnly, allowedStatus: 404 },
  { route: 'POST /admin/anomalies/:anomaly/resolve', allow: adminOnly, allowedStatus: 404 },
  { route: 'GET /collectives/:collective/monitor/drops', allow: staffAndUp, allowedStatus: 200 },
  {
    route: 'GET /collectives/:collective/monitor/drops/:drop',
    allow: staffAndUp,
    allowedStatus: 404,
  },
  { route: 'GET /collectives/:collective/monitor/payments', allow: staffAndUp, allowedStatus: 200 },
  {
    route: 'GET /collectives/:collective/monitor/anomalies',
    allow: staffAndUp,
    allowedStatus: 200,
  },
  {
    route: 'GET /collectives/:collective/monitor/events',
    allow: staffAndUp,
    allowedStatus: 200,
    stream: true,
  },
];

export const GROUPS = { everyone, signedIn, staffAndUp, ownerAndUp, adminOnly };

/**
 * Collects every route as Fastify registers it (`METHOD /url`), so tests walk the real route
 * table. Call before `app.init()`. Swagger UI's assets are public by design and served outside
 * Nest's router and guards; HEAD and OPTIONS are Fastify's own.
 */
export function recordRoutes(app: NestFastifyApplication, registered: string[]): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        if (method === 'HEAD' || method === 'OPTIONS' || route.url.startsWith('/docs')) continue;
        // Bull Board's own routes: behind the dashboard's ticket hook, not Nest's guards, and
        // probed route by route by test/queue-dashboard-admits-only-admins-with-a-ticket.
        if (route.prefix.startsWith(QUEUE_DASHBOARD_PREFIX)) continue;
        registered.push(`${method} ${route.url}`);
      }
    });
}
