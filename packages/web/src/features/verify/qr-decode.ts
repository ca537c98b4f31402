/**
 * Reads a QR code from a camera frame or a photo: the browser's own BarcodeDetector where it
 * has one that knows QR codes (Android Chrome, Safari), otherwise jsQR, fetched only when first
 * needed so it never weighs on the first load.
 */

type Source = HTMLVideoElement | ImageBitmap;

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: Source): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

type Decoder = (source: Source) => Promise<string | null>;
let chosen: Promise<Decoder> | null = null;

/** Frames are scaled down to this many pixels on the long side: enough for a QR filling part of the view. */
const MAX_SIDE = 800;

function size(source: Source): { width: number; height: number } {
  return source instanceof HTMLVideoElement ? { width: source.videoWidth, height: source.videoHeight } : { width: source.width, height: source.height };
}

async function nativeDecoder(): Promise<Decoder | null> {
  const Detector = (window as unknown as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (!Detector) return null;
  try {
    if (!(await Detector.getSupportedFormats()).includes('qr_code')) return null;
    const detector = new Detector({ formats: ['qr_code'] });
    return async (source) => (await detector.detect(source))[0]?.rawValue ?? null;
  } catch {
    return null;
  }
}

async function jsQrDecoder(): Promise<Decoder> {
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return async (source) => {
    const { width, height } = size(source);
    if (!context || width === 0 || height === 0) return null;
    const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
  };
}

/** The text of the QR code in the frame or photo, or null when there is none (yet). */
export async function decodeQr(source: Source): Promise<string | null> {
  chosen ??= nativeDecoder().then((native) => native ?? jsQrDecoder());
  return (await chosen)(source);
}

/** A Tijori verification link (…/verify#t=<token>) or the bare token: anything else is some other QR code. */
export function isVerificationQr(text: string): boolean {
  const token = text.includes('#t=') ? text.slice(text.indexOf('#t=') + 3) : text;
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token.trim());
}
