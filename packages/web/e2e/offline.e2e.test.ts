import fs from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockerWithPan } from './demo-data.js';
import { accessibilityViolations, phone, screenshots, startServerAndBrowser, type Server } from './support.js';

/** What the offline store holds, as any script on the page could see it: record ids and their raw stored form. */
async function offlineStore(page: Page): Promise<{ exists: boolean; records: { id: string; iv: number; text: string }[]; vault: string[] }> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    if (!names.includes('tijori-offline')) return { exists: false, records: [], vault: [] };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('tijori-offline');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all = <T>(store: string, what: 'getAll' | 'getAllKeys') =>
      new Promise<T[]>((resolve, reject) => {
        const r = db.transaction(store).objectStore(store)[what]();
        r.onsuccess = () => resolve(r.result as T[]);
        r.onerror = () => reject(r.error);
      });
    const ids = await all<string>('records', 'getAllKeys');
    const values = await all<{ iv: Uint8Array; data: ArrayBuffer }>('records', 'getAll');
    const vault = (await all<{ owner: string; keys: { seal: CryptoKey; name: CryptoKey } }>('vault', 'getAll')).map(
      (v) => `${v.keys.seal.algorithm.name}:${v.keys.seal.extractable}:${v.keys.name.algorithm.name}:${v.keys.name.extractable}`,
    );
    db.close();
    return {
      exists: true,
      records: values.map((v, i) => ({ id: ids[i]!, iv: v.iv.byteLength, text: new TextDecoder('latin1').decode(v.data) })),
      vault,
    };
  });
}

describe('reading issued documents offline (installable portal)', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves the manifest and the service worker as an installable app needs them', async () => {
    const { context } = await phone(browser);
    const manifest = await context.request.get(`${server.baseUrl}/manifest.webmanifest`);
    expect(manifest.headers()['content-type']).toMatch(/^application\/manifest\+json/);
    const app = (await manifest.json()) as { start_url: string; display: string; icons: { sizes: string; type: string }[] };
    expect(app.start_url).toBe('/app');
    expect(app.display).toBe('standalone');
    expect(app.icons.some((i) => i.sizes === '512x512' && i.type === 'image/png')).toBe(true);
    const sw = await context.request.get(`${server.baseUrl}/sw.js`);
    expect(sw.headers()['content-type']).toMatch(/javascript/);
    expect(sw.headers()['cache-control']).toBe('no-cache');
    await context.close();
  });

  it('opens the locker, a document and its PDF offline, marked as offline copies, and forgets them at sign-out', async () => {
    const shot = screenshots('offline-en');
    const { context, page, errors } = await phone(browser, 'en');

    // Online: sign up, link Aadhaar; the PAN card pushed to that Aadhaar is in the locker.
    const { resident, pan } = await lockerWithPan(page, context, server.baseUrl, new Set<string>());
    const uri = (await pan.getAttribute('data-uri'))!;
    const docName = (await pan.getByTestId('document-link').textContent())!;
    expect(await page.getByTestId('offline-copy').count()).toBe(0);

    // The service worker is installed, and the copies (account, list, document, PDF) are kept:
    // sealed (12-byte IVs, no name, URI or PDF in clear) under keys that cannot be exported.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const held = await page.getByTestId('document').count();
    await expect.poll(async () => (await offlineStore(page)).records.length).toBe(2 + 2 * held);
    // The PDF as the server serves it (rendered once, on the first request: the copy's).
    const pdfBytes = await (await context.request.get(`${server.baseUrl}/api/v1/me/documents/${encodeURIComponent(uri)}/pdf`)).body();
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
    const store = await offlineStore(page);
    expect(store.vault).toEqual(['AES-GCM:false:HMAC:false']);
    for (const record of store.records) {
      expect(record.id).toMatch(/^[0-9a-f]{64}$/);
      expect(record.iv).toBe(12);
      for (const clear of [resident.name, uri, '%PDF', docName]) expect(record.text).not.toContain(clear);
    }
    // The service worker's cache holds the shell only, never an API answer.
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      return urls;
    });
    expect(cached).toContain('/index.html');
    expect(cached.some((u) => u.startsWith('/api/'))).toBe(false);

    // Offline: a reload opens the locker from the copies, marked as such with the time checked.
    await context.setOffline(true);
    await page.reload();
    await pan.waitFor();
    const notice = page.getByTestId('offline-copy');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/You are offline.*Offline copy · status last checked/);
    expect(Date.now() - Date.parse((await notice.getAttribute('data-checked-at'))!)).toBeLessThan(10 * 60_000);
    expect(await pan.getByTestId('document-status').getAttribute('data-status')).toBe('active');
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, 'offline-list');

    // The document's details and its PDF, from the copy.
    await pan.getByTestId('document-link').click();
    const documentPage = page.locator(`[data-testid=document-page][data-uri="${uri}"]`);
    await documentPage.waitFor();
    await page.getByTestId('offline-copy').waitFor();
    expect(await page.getByTestId('offline-copy').textContent()).toContain('Offline copy · status last checked');
    expect(await page.getByTestId('document-holder-name').textContent()).toBe(resident.name);
    const openPdf = page.getByTestId('open-pdf');
    expect(await openPdf.textContent()).toContain('Open PDF (offline copy)');
    const href = (await openPdf.getAttribute('href'))!;
    expect(href).toMatch(/^blob:/);
    // Downloading it gives the very bytes the server sent while online.
    const download = page.getByTestId('download-pdf');
    expect(await download.getAttribute('href')).toBe(href);
    expect(await download.textContent()).toContain('Download PDF (offline copy)');
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toBe(`${docName}.pdf`);
    expect((await fs.readFile(await file.path())).equals(pdfBytes)).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, 'offline-document');

    // A deep link reloads offline too.
    await page.reload();
    await documentPage.waitFor();
    await page.getByTestId('offline-copy').waitFor();

    // Back online: fresh data replaces the copy, and the page says nothing about copies.
    await context.setOffline(false);
    await page.locator('[data-testid=document-verification][data-verdict=genuine]').waitFor();
    expect(await page.getByTestId('offline-copy').count()).toBe(0);
    expect(await page.getByTestId('open-pdf').getAttribute('href')).toBe(`/api/v1/me/documents/${uri}/pdf`);

    // Sign out (online): the store is gone, keys and all; offline, the locker shows nothing.
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-notice').waitFor();
    await expect.poll(async () => (await offlineStore(page)).exists).toBe(false);
    await context.setOffline(true);
    await page.goto(`${server.baseUrl}/app`);
    await page.locator('[data-testid=form-error][data-error-code=load_failed]').waitFor();
    expect(await page.getByTestId('document').count()).toBe(0);
    await page.goto(`${server.baseUrl}/app/documents/${encodeURIComponent(uri).replace(/\./g, '%2E')}`);
    await page.locator('[data-testid=form-error][data-error-code=load_failed]').waitFor();
    expect(await page.getByTestId('document-page').count()).toBe(0);
    expect((await offlineStore(page)).exists).toBe(false);
    await shot(page, 'offline-signed-out');
    expect(errors).toEqual([]);
    await context.close();
  });
});
