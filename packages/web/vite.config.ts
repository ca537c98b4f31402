import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { bootRequests, DICTIONARY_MODULE } from './scripts/boot-requests-plugin';
import { serviceWorker } from './scripts/service-worker-plugin';

/**
 * The portal talks to the Tijori server on the same origin. In development Vite serves the
 * pages and forwards these paths to the server (TIJORI_API_URL, default localhost:3000). The
 * Host header is kept (no changeOrigin) so the server's same-origin (CSRF) check sees the
 * browser's own origin.
 */
const apiTarget = process.env.TIJORI_API_URL ?? 'http://localhost:3000';
const proxy = Object.fromEntries(
  ['/api', '/public', '/docs', '/openapi.json', '/healthz', '/readyz', '/issuers'].map((prefix) => [prefix, { target: apiTarget }]),
);

export default defineConfig({
  plugins: [react(), bootRequests(), serviceWorker()],
  server: { port: 5173, strictPort: true, proxy },
  preview: { port: 4173, proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    rollupOptions: {
      output: {
        // Libraries change less often than the portal: a separate file stays cached across releases.
        manualChunks: (id) => {
          if (id.includes('/node_modules/react') || id.includes('/node_modules/scheduler/')) return 'react';
          // Each language's dictionary (packages/texts/dist/<code>/portal.js) is a chunk named by its code.
          const dictionary = DICTIONARY_MODULE.exec(id)?.[1];
          return dictionary && dictionary !== 'en' ? dictionary : undefined;
        },
      },
    },
  },
});
