// Draws the Tijori app icons (a strongbox) as SVG and renders the PNG sizes with Chromium.
// Run after changing the drawing: node scripts/make-icons.mjs (needs /usr/bin/chromium).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../public/icons');

/** The strongbox, drawn in a 512 box; `scale` shrinks it about the centre (maskable safe zone). */
function strongbox(scale) {
  return `<g transform="translate(256 256) scale(${scale}) translate(-256 -256)">
    <rect x="160" y="372" width="44" height="30" rx="8" fill="#ffffff"/>
    <rect x="308" y="372" width="44" height="30" rx="8" fill="#ffffff"/>
    <rect x="116" y="112" width="280" height="268" rx="32" fill="#ffffff"/>
    <rect x="144" y="140" width="224" height="212" rx="18" fill="none" stroke="#1e3a8a" stroke-width="12"/>
    <circle cx="236" cy="246" r="58" fill="#f59e0b"/>
    <circle cx="236" cy="246" r="20" fill="#1e3a8a"/>
    <g stroke="#1e3a8a" stroke-width="10" stroke-linecap="round">
      <line x1="236" y1="196" x2="236" y2="212"/><line x1="236" y1="280" x2="236" y2="296"/>
      <line x1="186" y1="246" x2="202" y2="246"/><line x1="270" y1="246" x2="286" y2="246"/>
    </g>
    <rect x="318" y="212" width="18" height="68" rx="9" fill="#1e3a8a"/>
  </g>`;
}

const icon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <rect width="512" height="512" rx="112" fill="#1e3a8a"/>
  ${strongbox(1)}
</svg>
`;
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <rect width="512" height="512" fill="#1e3a8a"/>
  ${strongbox(0.78)}
</svg>
`;

await mkdir(out, { recursive: true });
await writeFile(path.join(out, 'icon.svg'), icon);
await writeFile(path.join(out, 'favicon.svg'), icon);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage();
  const render = async (svg, size, file) => {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
    await page.screenshot({ path: path.join(out, file), omitBackground: true });
  };
  await render(icon, 192, 'icon-192.png');
  await render(icon, 512, 'icon-512.png');
  await render(maskable, 512, 'maskable-512.png');
  await render(maskable, 180, 'apple-touch-icon.png');
} finally {
  await browser.close();
}
