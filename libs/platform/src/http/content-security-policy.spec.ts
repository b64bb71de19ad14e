import { PlatformConfig } from '../config/platform-config.service';
import { swaggerEnabled } from './bootstrap-http';
import {
  contentSecurityPolicyFor,
  QUEUE_DASHBOARD_CSP,
  STRICT_CSP,
  SWAGGER_CSP,
} from './content-security-policy';

describe('content security policy per route', () => {
  it('allows inline script and style only under /docs', () => {
    expect(contentSecurityPolicyFor('/docs')).toBe(SWAGGER_CSP);
    expect(contentSecurityPolicyFor('/docs/swagger-ui-init.js')).toBe(SWAGGER_CSP);
    for (const path of ['/', '/drop/1', '/docsx', '/assets/index.js', '/drops/1/events']) {
      expect(contentSecurityPolicyFor(path)).toBe(STRICT_CSP);
    }
    expect(STRICT_CSP).not.toContain('unsafe-inline');
    expect(STRICT_CSP).toContain(`script-src 'self'`);
    expect(STRICT_CSP).toContain(`frame-ancestors 'none'`);
    expect(SWAGGER_CSP).toContain(`script-src 'self' 'unsafe-inline'`);
  });

  it('allows inline style, never inline script, only under /admin/queues', () => {
    for (const path of [
      '/admin/queues',
      '/admin/queues/',
      '/admin/queues?x=1',
      '/admin/queues/api/queues',
      '/admin/queues/static/js/main.js',
    ]) {
      expect(contentSecurityPolicyFor(path)).toBe(QUEUE_DASHBOARD_CSP);
    }
    for (const path of ['/admin/queuesx', '/admin/users', '/admin/monitor/queues', '/admin']) {
      expect(contentSecurityPolicyFor(path)).toBe(STRICT_CSP);
    }
    expect(QUEUE_DASHBOARD_CSP).toContain(`style-src 'self' 'unsafe-inline'`);
    expect(QUEUE_DASHBOARD_CSP).toContain(`script-src 'self';`);
    expect(QUEUE_DASHBOARD_CSP).toContain(`frame-ancestors 'none'`);
    expect(QUEUE_DASHBOARD_CSP).not.toContain('googleapis');
  });
});

describe('swaggerEnabled', () => {
  const config = (env: Record<string, string | undefined>) =>
    ({
      get: (key: string) => env[key],
      get isProduction() {
        return env.NODE_ENV === 'production';
      },
    }) as unknown as PlatformConfig;

  it('is on by default in development and tests, off in production, and follows the setting', () => {
    expect(swaggerEnabled(config({ NODE_ENV: 'development' }))).toBe(true);
    expect(swaggerEnabled(config({ NODE_ENV: 'test' }))).toBe(true);
    expect(swaggerEnabled(config({ NODE_ENV: 'production' }))).toBe(false);
    expect(swaggerEnabled(config({ NODE_ENV: 'production', SWAGGER_ENABLED: 'true' }))).toBe(true);
    expect(swaggerEnabled(config({ NODE_ENV: 'development', SWAGGER_ENABLED: 'false' }))).toBe(
      false,
    );
  });
});
