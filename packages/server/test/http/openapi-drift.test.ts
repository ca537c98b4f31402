import fs from 'node:fs/promises';
import type { RouteOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE, renderOpenApi } from '../../scripts/openapi-document.js';

/** Routes that are not API: the portal's pages and files, and the API explorer itself. */
const NOT_API = (url: string) => url === '/*' || url === '/docs' || url.startsWith('/docs/');

describe('checked-in OpenAPI document', () => {
  const routes: RouteOptions[] = [];
  const rendered = renderOpenApi((route) => routes.push(route));

  it('matches what the route schemas describe (run `npm run openapi` after changing a route)', async () => {
    const checkedIn = await fs.readFile(OPENAPI_FILE, 'utf8');
    expect(await rendered).toBe(checkedIn);
  });

  it('documents every route the server registers, each method, except hidden development tools', async () => {
    const doc = JSON.parse(await rendered) as { paths: Record<string, Record<string, unknown>> };
    const missing: string[] = [];
    let checked = 0;
    for (const route of routes) {
      if (NOT_API(route.url) || (route.schema as { hide?: boolean } | undefined)?.hide) continue;
      const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{*}');
      for (const method of [route.method].flat()) {
        if (method === 'HEAD' || method === 'OPTIONS') continue;
        checked++;
        if (!doc.paths[path]?.[method.toLowerCase()]) missing.push(`${method} ${route.url}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(50);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/api/v1/platform']));
  });
});
