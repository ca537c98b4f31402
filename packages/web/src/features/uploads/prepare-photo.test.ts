import { describe, expect, it } from 'vitest';
import { cropBox, NO_CROP } from './prepare-photo';

describe('cropBox', () => {
  it('swaps width and height for a quarter turn and crops the turned photo', () => {
    const box = cropBox(300, 100, 90, { left: 0, top: 0.1, right: 0, bottom: 0 });
    expect(box).toMatchObject({ turnedWidth: 100, turnedHeight: 300, x: 0, y: 30, w: 100, h: 270, outWidth: 100, outHeight: 270 });
  });

  it('keeps a half turn the same shape and scales the longest side down to the limit', () => {
    const box = cropBox(4000, 3000, 180, NO_CROP, 2000);
    expect(box).toMatchObject({ w: 4000, h: 3000, outWidth: 2000, outHeight: 1500 });
  });

  it('never makes an empty picture', () => {
    expect(cropBox(10, 10, 0, { left: 0.5, top: 0.5, right: 0.5, bottom: 0.5 })).toMatchObject({ w: 1, h: 1 });
  });
});
