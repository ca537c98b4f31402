import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerAndBrowser, type Server } from './support.js';

/** Chromium's "Slow 3G"-like profile of the issue: 400 kbps both ways, 400 ms round trip, 4× slower CPU. */
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };
const JS_BUDGET_BYTES = 150 * 1024;
const FCP_BUDGET_MS = 4000;

describe('first load on a slow phone', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const lang of ['en', 'hi'] as const) {
    it(`shows the landing page within budget on slow 3G [${lang}]`, async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 780 }, locale: 'en-IN' });
      await context.addInitScript((l) => window.localStorage.setItem('tijori.language', l), lang);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });

      // Bytes on the wire per script, as Chromium counts them (compressed body + headers).
      const scripts = new Map<string, { url: string; bytes: number; encoding: string }>();
      cdp.on('Network.responseReceived', (e) => {
        if (e.type === 'Script')
          scripts.set(e.requestId, {
            url: e.response.url,
            bytes: 0,
            encoding: String(e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? ''),
          });
      });
      cdp.on('Network.loadingFinished', (e) => {
        const s = scripts.get(e.requestId);
        if (s) s.bytes = e.encodedDataLength;
      });

      await page.goto(`${server.baseUrl}/`, { waitUntil: 'load', timeout: 60_000 });
      await page.getByTestId('landing-sign-up').waitFor();
      const fcp = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            new PerformanceObserver((list) => {
              const entry = list.getEntriesByName('first-contentful-paint')[0];
              if (entry) resolve(entry.startTime);
            }).observe({ type: 'paint', buffered: true });
          }),
      );
      // Everything fetched up to the first render: the page does not render before its scripts run.
      const beforeRender = [...scripts.values()];
      const total = beforeRender.reduce((n, s) => n + s.bytes, 0);
      const report = beforeRender.map((s) => `${s.url.split('/').pop()} ${s.encoding} ${s.bytes}`).join(', ');

      expect(
        beforeRender.every((s) => s.encoding === 'br'),
        report,
      ).toBe(true);
      expect(total, report).toBeLessThanOrEqual(JS_BUDGET_BYTES);
      expect(fcp, `first contentful paint ${Math.round(fcp)} ms; scripts: ${report}`).toBeLessThan(FCP_BUDGET_MS);
      // Only the chosen language's dictionary is fetched.
      expect(beforeRender.some((s) => /\/(hi|gu)-[\w-]+\.js$/.test(s.url))).toBe(lang !== 'en');
      expect(beforeRender.some((s) => /\/gu-[\w-]+\.js$/.test(s.url))).toBe(false);
      await context.close();
    });
  }
});
