import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrMatrix, qrRuns, renderQrPng, renderQrSvg } from './qr.js';

const PAYLOAD = 'https://tijori.example/verify#t=eyJhbGciOiJFZERTQSJ9.eyJ1IjoiaW4uZ292LmNic2UtSFNDRVItMjAxNDEyMzQ1Njc4In0.c2ln';

describe('QR code', () => {
  it('uses error correction M', () => {
    const m = qrMatrix(PAYLOAD);
    const expected = create(PAYLOAD, { errorCorrectionLevel: 'M' });
    expect(m.size).toBe(expected.modules.size);
    expect(Array.from(m.data)).toEqual(Array.from(expected.modules.data));
    expect(create(PAYLOAD, { errorCorrectionLevel: 'L' }).modules.data).not.toEqual(m.data);
  });

  it('fits a 1,500-character payload', () => {
    expect(qrMatrix(`https://tijori.example/verify#t=${'A1b2C3d4'.repeat(184)}`).size).toBeLessThanOrEqual(177);
  });

  it('merges dark modules into runs that cover exactly the dark modules', () => {
    const m = qrMatrix(PAYLOAD);
    const painted = new Uint8Array(m.size * m.size);
    for (const [row, col, length] of qrRuns(m)) for (let c = col; c < col + length; c++) painted[row * m.size + c] = (painted[row * m.size + c] ?? 0) + 1;
    expect(Array.from(painted)).toEqual(Array.from(m.data));
  });

  it('renders an SVG whose path is the matrix, with a quiet zone', () => {
    const svg = renderQrSvg(PAYLOAD, { label: 'Scan to verify <document>' });
    const m = qrMatrix(PAYLOAD);
    const side = m.size + 8;
    expect(svg).toMatch(new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}"`));
    expect(svg).toContain('aria-label="Scan to verify &#60;document&#62;"');
    const cells = new Uint8Array(m.size * m.size);
    for (const [, x, y, w] of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
      for (let c = Number(x) - 4; c < Number(x) - 4 + Number(w); c++) cells[(Number(y) - 4) * m.size + c] = 1;
    }
    expect(Array.from(cells)).toEqual(Array.from(m.data));
    expect(renderQrSvg(PAYLOAD)).toContain('aria-hidden="true"');
  });

  it('renders a PNG of the expected size', async () => {
    const png = await renderQrPng(PAYLOAD, { scale: 4, margin: 4 });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const side = (qrMatrix(PAYLOAD).size + 8) * 4;
    expect(png.readUInt32BE(16)).toBe(side);
    expect(png.readUInt32BE(20)).toBe(side);
  });
});
