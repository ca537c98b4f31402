import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentWithMarksheet } from './demo-data.js';
import { launchBrowser, linkAadhaar, phone, screenshots, signUp, startServerAndBrowser, type Server } from './support.js';

const WIDTH = 640;
const HEIGHT = 480;

/**
 * A camera's view of a QR code, as a raw video file Chromium's fake camera plays in a loop
 * (YUV4MPEG2, 4:2:0): black modules on white paper, centred, a few frames.
 */
async function qrVideo(text: string, file: string): Promise<void> {
  const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const scale = Math.floor((HEIGHT - 40) / (size + 8));
  const left = Math.floor((WIDTH - size * scale) / 2);
  const top = Math.floor((HEIGHT - size * scale) / 2);
  const luma = Buffer.alloc(WIDTH * HEIGHT, 235);
  for (let y = 0; y < size * scale; y++) {
    for (let x = 0; x < size * scale; x++) {
      if (data[Math.floor(y / scale) * size + Math.floor(x / scale)]) luma[(top + y) * WIDTH + left + x] = 16;
    }
  }
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  await fs.writeFile(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`), ...Array<Buffer>(5).fill(frame)]));
}

describe('the verify page reads a QR code with the camera or from a photo', () => {
  let server: Server;
  let browser: Browser;
  let cameraBrowser: Browser | undefined;
  let dir: string;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tijori-qr-camera-'));
  });
  afterAll(async () => {
    await cameraBrowser?.close();
    await browser?.close();
    await server?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('scans a document’s QR code with the phone camera and shows the check, then reads one from a photo', async () => {
    const shot = screenshots('verify-scan');
    const { resident } = await residentWithMarksheet(server.baseUrl, 2);
    const { context, page, errors } = await phone(browser, 'en');
    const seen = new Set<string>();
    await signUp(page, context, server.baseUrl, seen);
    await linkAadhaar(page, context, server.baseUrl, resident, seen);
    const [pan] = await page.evaluate(async () => {
      const list = (await (await fetch('/api/v1/me/documents')).json()) as { documents: { uri: string; docType: string }[] };
      return list.documents.filter((d) => d.docType === 'PANCR').map((d) => d.uri);
    });
    const link = await page.evaluate(
      async (u) => ((await (await fetch(`/api/v1/me/documents/${encodeURIComponent(u)}`)).json()) as { qrPayload: string }).qrPayload,
      pan!,
    );
    expect(link).toMatch(/\/verify#t=/);
    await context.close();

    // A phone whose camera sees the printed QR code.
    const video = path.join(dir, 'qr.y4m');
    await qrVideo(link, video);
    cameraBrowser = await launchBrowser(['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
    const camera = await cameraBrowser.newContext({ viewport: { width: 360, height: 640 }, locale: 'en-IN', permissions: ['camera'] });
    const verifier = await camera.newPage();
    const verifierErrors: string[] = [];
    verifier.on('pageerror', (e) => verifierErrors.push(e.message));
    await verifier.goto(`${server.baseUrl}/verify`);
    await verifier.getByTestId('verify-scan-start').click();
    await verifier.locator('[data-testid=verify-result][data-verdict=genuine]').waitFor({ timeout: 30_000 });
    expect(await verifier.getByTestId('verify-verdict').textContent()).toBe('Genuine document');
    expect(await verifier.getByTestId('verify-doc-type').textContent()).toContain('PAN');
    // Found: the camera is off again, and nothing but the scan ran (no URI typed).
    expect(await verifier.getByTestId('verify-scanner').getAttribute('data-scanning')).toBe('false');
    expect(await verifier.evaluate(() => window.location.hash)).toBe('');
    await shot(verifier, 'scanned');
    await camera.close();

    // Without a camera: a photo of the QR code does the same; a photo of another QR code says so.
    const photo = await phone(browser, 'en');
    await photo.page.goto(`${server.baseUrl}/verify`);
    await photo.page.locator('#verify-qr-photo').setInputFiles({
      name: 'shop.png',
      mimeType: 'image/png',
      buffer: await QRCode.toBuffer('upi://pay?pa=shop@bank', { scale: 6 }),
    });
    await photo.page.locator('[data-testid=verify-scan-error][data-error-code=not_a_document_qr]').waitFor();
    expect(await photo.page.getByTestId('verify-result').count()).toBe(0);
    await photo.page.locator('#verify-qr-photo').setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: await QRCode.toBuffer(link, { scale: 6 }) });
    await photo.page.locator('[data-testid=verify-result][data-verdict=genuine]').waitFor();
    expect(await photo.page.getByTestId('verify-scan-error').count()).toBe(0);
    await shot(photo.page, 'photo');

    expect([...errors, ...verifierErrors, ...photo.errors]).toEqual([]);
    await photo.context.close();
  });
});
