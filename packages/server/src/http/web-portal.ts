import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypedApp } from './types.js';

/** packages/web/dist, seen from packages/server/{src,dist}/http. */
export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export const API_PREFIXES = ['/api/', '/public/', '/docs', '/openapi.json', '/healthz', '/readyz'];

/**
 * The Content-Security-Policy sources ('sha256-…') of the built index.html's inline scripts (the
 * one that starts the reader's dictionary and the first API requests: packages/web/scripts/boot-requests-plugin.ts).
 * Only these run inline; every other script must come from the portal's own origin.
 */
export function inlineScriptSources(dist = WEB_DIST): string[] {
  let html: string;
  try {
    html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  } catch {
    return [];
  }
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '')
        .digest('base64')}'`,
  );
}

export type SpaFallback = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | null;

/**
 * Serves the built React portal at `/`, precompressed (brotli or gzip, as the browser accepts).
 * Hashed assets are cached for a year as immutable; index.html is revalidated. Any other GET that a browser makes for a page gets index.html, so deep links
 * (/app/profile) work; API paths never do.
 */
export async function registerWebPortal(app: TypedApp): Promise<SpaFallback> {
  const built = fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: '/',
      wildcard: true,
      index: ['index.html'],
      // The build writes .br and .gz beside each text asset (packages/web/scripts/compress.mjs):
      // a slow phone gets the smallest form it accepts, with no compression work per request.
      preCompressed: true,
      // Cache-Control is set below per file (the plugin's own would be `public, max-age=0`).
      cacheControl: false,
      setHeaders: (res, file) => {
        const immutable = file.includes(`${path.sep}assets${path.sep}`);
        res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        // The same URL answers brotli, gzip or plain by Accept-Encoding: caches must key on it.
        res.setHeader('vary', 'accept-encoding');
      },
    });
  }
  return (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return null;
    const url = request.url.split('?')[0] ?? '/';
    if (API_PREFIXES.some((p) => url.startsWith(p)) || path.extname(url) !== '') return null;
    if (!String(request.headers.accept ?? '').includes('text/html')) return null;
    if (!built) {
      return reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><title>Tijori</title><p>The web portal is not built. Run <code>npm run build</code> (or <code>npm start</code>, which builds it).</p>',
        );
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };
}
