import fs from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import os from 'node:os';
import { inlineScriptSources, WEB_DIST } from '../../src/http/web-portal.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The built portal is the same for both databases: one dialect is enough.
describe('the web portal is served precompressed with long-lived caching', () => {
  let t: TestApp;
  let script: string;
  beforeAll(async () => {
    const index = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
    script = /<script[^>]+src="([^"]+\.js)"/.exec(index)![1]!;
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });

  it('sends hashed scripts as brotli or gzip, immutable for a year', async () => {
    const original = fs.readFileSync(path.join(WEB_DIST, script));
    const br = await get(script, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(original.length / 2);
    expect(brotliDecompressSync(br.rawPayload).equals(original)).toBe(true);

    const gz = await get(script, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).equals(original)).toBe(true);

    const plain = await get(script, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(original)).toBe(true);
  });

  it('revalidates index.html, at / and for deep links', async () => {
    for (const url of ['/', '/app/profile']) {
      const res = await get(url, { accept: 'text/html', 'accept-encoding': 'br, gzip' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      const body = res.headers['content-encoding'] === 'br' ? brotliDecompressSync(res.rawPayload).toString() : res.body;
      expect(body).toContain(script);
    }
  });

  it("lets the page's one inline script run (dictionary and early requests) by its hash, and no other", async () => {
    const index = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
    const inline = [...index.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(inline).toHaveLength(1);
    expect(inline[0]).toContain('modulepreload');
    const res = await get('/app', { accept: 'text/html' });
    const scriptSrc = /script-src ([^;]+)/.exec(String(res.headers['content-security-policy']))![1]!.trim().split(/\s+/);
    const hash = `'sha256-${createHash('sha256').update(inline[0]!).digest('base64')}'`;
    expect(scriptSrc).toEqual(["'self'", hash]);
    expect(scriptSrc).not.toContain("'unsafe-inline'");
  });
});

describe('inline script sources', () => {
  it('hashes only scripts without a src, and none when the portal is not built', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijori-portal-'));
    try {
      expect(inlineScriptSources(dir)).toEqual([]);
      fs.writeFileSync(path.join(dir, 'index.html'), '<head><script>var a=1</script><script type="module" src="/x.js"></script><script>b()</script></head>');
      const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
      expect(inlineScriptSources(dir)).toEqual([sha('var a=1'), sha('b()')]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
