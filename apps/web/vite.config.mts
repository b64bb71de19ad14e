// The browser app: built into dist/web, which the API serves on its own origin. `npm run web:dev`
// runs Vite's hot-reloading server on :5173 and forwards API paths to the API on :3000.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const API_PATHS = [
  '/auth',
  '/me',
  '/drops',
  '/editions',
  '/collectives',
  '/admin',
  '/invites',
  '/item-kinds',
  '/health',
  '/docs',
  '/docs-json',
];
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The drop-page size script reads which files a page loads from here.
    manifest: true,
    // No inline script or data-URL module may be needed: the CSP allows neither.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(API_PATHS.map((path) => [path, { target: api }])),
  },
});
