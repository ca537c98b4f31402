export { renderCertificatePdf, warmUpCertificateRenderer } from './certificate-pdf.js';
export type { CertificateRenderInput } from './certificate-input.js';
export { preloadRenderFonts } from './fonts.js';
export type { DocumentStatus, RenderLanguage } from './labels.js';
export { renderQrPng, renderQrSvg, type QrPngOptions, type QrSvgOptions } from './qr.js';
