import type { Rotation } from '../../api/uploads';

/** Margins cut off each side, as fractions of the turned photo's width and height. */
export interface Crop {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export const NO_CROP: Crop = { left: 0, top: 0, right: 0, bottom: 0 };
/** The longest side of a prepared photo: a card or an A4 page stays legible, the upload stays small. */
export const MAX_SIDE = 2000;
const JPEG_QUALITY = 0.85;

/** The part of the turned photo that is kept, in its pixels, and the size it is drawn at. */
export function cropBox(width: number, height: number, rotation: Rotation, crop: Crop, maxSide = MAX_SIDE) {
  const sideways = rotation % 180 !== 0;
  const turnedWidth = sideways ? height : width;
  const turnedHeight = sideways ? width : height;
  const x = Math.round(crop.left * turnedWidth);
  const y = Math.round(crop.top * turnedHeight);
  const w = Math.max(1, Math.round((1 - crop.left - crop.right) * turnedWidth));
  const h = Math.max(1, Math.round((1 - crop.top - crop.bottom) * turnedHeight));
  const scale = Math.min(1, maxSide / Math.max(w, h));
  return { x, y, w, h, turnedWidth, turnedHeight, outWidth: Math.max(1, Math.round(w * scale)), outHeight: Math.max(1, Math.round(h * scale)), scale };
}

/**
 * Draws `image` turned clockwise by `rotation` onto `ctx`, whose origin is the turned photo's
 * top-left corner.
 */
export function drawTurned(ctx: CanvasRenderingContext2D, image: CanvasImageSource, width: number, height: number, rotation: Rotation): void {
  if (rotation === 90) ctx.translate(height, 0);
  else if (rotation === 180) ctx.translate(width, height);
  else if (rotation === 270) ctx.translate(0, width);
  ctx.rotate((rotation * Math.PI) / 180);
  ctx.drawImage(image, 0, 0, width, height);
}

/**
 * The photo turned and cropped on a canvas in the browser, scaled down to MAX_SIDE and saved as
 * JPEG: what is uploaded is what the resident saw, and a 12-megapixel phone photo becomes a few
 * hundred kilobytes to send over a slow connection. One full-size decode at a time, released
 * as soon as it is drawn (cheap phones have little memory).
 */
export async function preparePhoto(file: Blob, rotation: Rotation, crop: Crop): Promise<Blob> {
  // createImageBitmap applies the photo's EXIF orientation, as the <img> preview does.
  const bitmap = await createImageBitmap(file);
  try {
    const box = cropBox(bitmap.width, bitmap.height, rotation, crop);
    const canvas = document.createElement('canvas');
    canvas.width = box.outWidth;
    canvas.height = box.outHeight;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.fillStyle = '#fff'; // a transparent PNG's background, as on paper
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(box.outWidth / box.w, box.outHeight / box.h);
    ctx.translate(-box.x, -box.y);
    drawTurned(ctx, bitmap, bitmap.width, bitmap.height, rotation);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the photo could not be encoded'))), 'image/jpeg', JPEG_QUALITY),
    );
  } finally {
    bitmap.close();
  }
}

/** A small picture of the whole photo, turned, for the editor (drawn once per turn). */
export async function drawPreview(canvas: HTMLCanvasElement, file: Blob, rotation: Rotation, maxSide: number): Promise<void> {
  const bitmap = await createImageBitmap(file);
  try {
    const box = cropBox(bitmap.width, bitmap.height, rotation, NO_CROP, maxSide);
    canvas.width = box.outWidth;
    canvas.height = box.outHeight;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.scale(box.scale, box.scale);
    drawTurned(ctx, bitmap, bitmap.width, bitmap.height, rotation);
  } finally {
    bitmap.close();
  }
}
