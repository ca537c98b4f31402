import QRCode from 'qrcode';
import { useMemo } from 'react';

/**
 * A QR code drawn as SVG in the browser: crisp at any size and printable. The modules are
 * one path, with the 4-module quiet zone that scanners need.
 */
export function QrCode({ value, label, testId = 'qr-code' }: { value: string; label: string; testId?: string }) {
  const { size, path } = useMemo(() => {
    const modules = QRCode.create(value, { errorCorrectionLevel: 'L' }).modules;
    let d = '';
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        if (modules.get(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
      }
    }
    return { size: modules.size + 8, path: d };
  }, [value]);
  return (
    <svg className="qr-code" role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} shapeRendering="crispEdges" data-testid={testId}>
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
