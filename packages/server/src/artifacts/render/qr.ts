import { create as createQr, toBuffer } from 'qrcode';

/**
 * The QR code printed on every document, shown by the portal and the verification page.
 * Error correction M (15 %): a payload of ~1,500 characters (a URL with a signed offline
 * token) still fits in version ~31, and a scuffed print still scans.
 */

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** Row-major, 1 = dark. */
  data: Uint8Array;
}

/** A horizontal run of dark modules: row, first column, length. */
export type QrRun = readonly [row: number, col: number, length: number];

let last: { payload: string; matrix: QrMatrix } | undefined;

/** The module matrix (the last one is kept: a document prints its QR code on every page). */
export function qrMatrix(payload: string): QrMatrix {
  if (last?.payload !== payload) {
    const qr = createQr(payload, { errorCorrectionLevel: 'M' });
    last = { payload, matrix: { size: qr.modules.size, data: qr.modules.data } };
  }
  return last.matrix;
}

/** The dark modules merged into horizontal runs: far fewer shapes to draw than modules. */
export function qrRuns(matrix: QrMatrix): QrRun[] {
  const runs: QrRun[] = [];
  const { size, data } = matrix;
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!data[row * size + col]) {
        col++;
        continue;
      }
      const first = col;
      while (col < size && data[row * size + col]) col++;
      runs.push([row, first, col - first]);
    }
  }
  return runs;
}

export interface QrSvgOptions {
  /** Quiet zone in modules (the standard asks for 4). */
  margin?: number;
  /** Accessible name; the image is decorative when omitted. */
  label?: string;
}

/** A standalone, scalable SVG of the QR code (one path, crisp edges, white background). */
export function renderQrSvg(payload: string, options: QrSvgOptions = {}): string {
  const margin = options.margin ?? 4;
  const matrix = qrMatrix(payload);
  const side = matrix.size + 2 * margin;
  let d = '';
  for (const [row, col, length] of qrRuns(matrix)) d += `M${col + margin} ${row + margin}h${length}v1h-${length}z`;
  const a11y = options.label ? ` role="img" aria-label="${escapeXml(options.label)}"` : ' aria-hidden="true"';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges"${a11y}>` +
    `<rect width="${side}" height="${side}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`
  );
}

export interface QrPngOptions {
  /** Pixels per module. */
  scale?: number;
  margin?: number;
}

/** A PNG of the QR code, black on white. */
export async function renderQrPng(payload: string, options: QrPngOptions = {}): Promise<Buffer> {
  return toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', margin: options.margin ?? 4, scale: options.scale ?? 8 });
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
