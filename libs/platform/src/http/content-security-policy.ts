/**
 * Content security policies, per route. The browser app is built with no inline script or
 * style (Vite emits external, hashed files), so everything it serves gets the strict policy;
 * only Swagger UI, which injects inline script and style, gets a looser one, and only on /docs,
 * and the queue dashboard (Bull Board: external scripts, but inline style attributes and a
 * `<style>` element) gets inline style, and only under /admin/queues.
 */
const STRICT_DIRECTIVES: Record<string, string> = {
  'default-src': `'self'`,
  'script-src': `'self'`,
  'style-src': `'self'`,
  // Item images may live on a CDN; data: for small inline placeholders.
  'img-src': `'self' data: https:`,
  'font-src': `'self'`,
  'connect-src': `'self'`,
  'object-src': `'none'`,
  'base-uri': `'self'`,
  'form-action': `'self'`,
  'frame-ancestors': `'none'`,
};

const SWAGGER_DIRECTIVES: Record<string, string> = {
  ...STRICT_DIRECTIVES,
  'script-src': `'self' 'unsafe-inline'`,
  'style-src': `'self' 'unsafe-inline'`,
  'img-src': `'self' data: validator.swagger.io`,
};

/**
 * Bull Board's page: its scripts are its own files ('self'; the inline `__UI_CONFIG__` block is
 * JSON, never run), its styles partly inline. Its Google Fonts link stays refused: the admin
 * page tells no third party it was opened, and falls back to system fonts.
 */
const QUEUE_DASHBOARD_DIRECTIVES: Record<string, string> = {
  ...STRICT_DIRECTIVES,
  'style-src': `'self' 'unsafe-inline'`,
};

const serialise = (directives: Record<string, string>): string =>
  Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');

export const STRICT_CSP = serialise(STRICT_DIRECTIVES);
export const SWAGGER_CSP = serialise(SWAGGER_DIRECTIVES);
export const QUEUE_DASHBOARD_CSP = serialise(QUEUE_DASHBOARD_DIRECTIVES);

/** Where the queue dashboard is mounted (libs/monitoring's queue-dashboard). */
export const QUEUE_DASHBOARD_PREFIX = '/admin/queues';

const under = (url: string, prefix: string): boolean =>
  url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`);

/** The policy for a request path: Swagger's only under the docs prefix, Bull Board's under its own. */
export function contentSecurityPolicyFor(path: string, docsPrefix = '/docs'): string {
  if (path === docsPrefix || path.startsWith(`${docsPrefix}/`)) return SWAGGER_CSP;
  if (under(path, QUEUE_DASHBOARD_PREFIX)) return QUEUE_DASHBOARD_CSP;
  return STRICT_CSP;
}
