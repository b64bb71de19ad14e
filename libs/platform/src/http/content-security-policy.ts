/**
 * Content security policies, per route. The browser app is built with no inline script or
 * style (Vite emits external, hashed files), so everything it serves gets the strict policy;
 * only Swagger UI, which injects inline script and style, gets a looser one, and only on /docs.
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

const serialise = (directives: Record<string, string>): string =>
  Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');

export const STRICT_CSP = serialise(STRICT_DIRECTIVES);
export const SWAGGER_CSP = serialise(SWAGGER_DIRECTIVES);

/** The policy for a request path: Swagger's only under the docs prefix. */
export function contentSecurityPolicyFor(path: string, docsPrefix = '/docs'): string {
  return path === docsPrefix || path.startsWith(`${docsPrefix}/`) ? SWAGGER_CSP : STRICT_CSP;
}
