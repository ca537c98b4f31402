/// <reference lib="webworker" />
/**
 * Tijori's service worker: the portal's shell opens without a network. The build
 * (scripts/service-worker-plugin.ts) replaces the two constants below with the hashed files of
 * this release. It never handles the API: personal data offline lives only in the encrypted
 * IndexedDB store of the page (src/offline), never in a cache in clear.
 */
declare const SHELL_FILES: string[];
declare const OPTIONAL_FILES: string[];
declare const SHELL_VERSION: string;

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `tijori-shell-${SHELL_VERSION}`;
/** Everything the server answers itself (never cached here), as packages/server/src/http/web-portal.ts lists it. */
const SERVER_PATHS = ['/api/', '/public/', '/docs', '/openapi.json', '/healthz', '/readyz', '/metrics'];

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(SHELL_FILES);
      // Dictionaries and fonts: kept only if this device fetched them already (one language,
      // one script), so a first visit does not download every language.
      await Promise.all(
        OPTIONAL_FILES.map(async (file) => {
          const response = await fetch(file, { cache: 'only-if-cached', mode: 'same-origin' }).catch(() => null);
          if (response?.ok) await cache.put(file, response);
        }),
      );
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith('tijori-shell-') && name !== CACHE) await caches.delete(name);
      await sw.clients.claim();
    })(),
  );
});

/** A page: from the network, or the cached shell when there is none (the portal routes itself). */
async function page(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (err) {
    const shell = await caches.match('/index.html', { cacheName: CACHE });
    if (shell) return shell;
    throw err;
  }
}

/** A hashed file never changes: the cached one, else fetched once and kept. */
async function hashedFile(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin || SERVER_PATHS.some((p) => url.pathname.startsWith(p))) return;
  if (request.mode === 'navigate') {
    if (!/\.[a-z0-9]+$/i.test(url.pathname)) event.respondWith(page(request));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(hashedFile(request));
    return;
  }
  if (SHELL_FILES.includes(url.pathname)) event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit ?? fetch(request)));
});
