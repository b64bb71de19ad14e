import { describeItemKindsInOpenApi } from '@limited-run/catalog';
import type { HttpAppOptions } from '@limited-run/platform';

/** How the API is served: by `main.ts`, the end-to-end tests and the client generator alike. */
export const API_HTTP_OPTIONS = {
  openApiTitle: 'Limited Run API',
  openApiTransform: describeItemKindsInOpenApi,
  serveWeb: true,
} satisfies HttpAppOptions;
