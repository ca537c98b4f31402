import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { transformWithEsbuild, type Plugin } from 'vite';
import { DICTIONARY_MODULE } from './boot-requests-plugin';

const SOURCE = path.resolve(import.meta.dirname, '../src/service-worker/sw.ts');

/**
 * Builds /sw.js (src/service-worker/sw.ts) with the release's files written into it, so that
 * each release is a new service worker. The shell it precaches is what a signed-in resident
 * needs without a network: index.html, the entry chunk and its static imports, the style
 * sheets, the offline code (src/offline) and the icons the page shows. Dictionaries and fonts are optional
 * (kept when the device already has them); everything else under /assets is cached when used.
 */
export function serviceWorker(): Plugin {
  let publicDir = '';
  return {
    name: 'tijori-service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    async generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((o) => (o.type === 'chunk' ? [o] : []));
      const needed = new Set<string>();
      const add = (fileName: string) => {
        if (needed.has(fileName)) return;
        needed.add(fileName);
        const chunk = bundle[fileName];
        if (chunk?.type === 'chunk') chunk.imports.forEach(add);
      };
      for (const chunk of chunks) if (chunk.isEntry || chunk.facadeModuleId?.includes('/src/offline/')) add(chunk.fileName);
      const optional = chunks.filter((c) => c.isDynamicEntry && DICTIONARY_MODULE.test(c.facadeModuleId ?? '')).map((c) => c.fileName);
      for (const file of Object.keys(bundle)) {
        if (file.endsWith('.css')) needed.add(file);
        if (file.endsWith('.woff2')) optional.push(file);
      }
      // The icons the page itself shows (the larger ones are fetched only when installing).
      const html = bundle['index.html'];
      const page = html?.type === 'asset' ? String(html.source) : '';
      const icons = fs
        .readdirSync(path.join(publicDir, 'icons'))
        .map((f) => `/icons/${f}`)
        .filter((f) => page.includes(`"${f}"`));
      const shell = ['/index.html', '/manifest.webmanifest', ...icons, ...[...needed].map((f) => `/${f}`)].sort();
      const optionalFiles = optional.map((f) => `/${f}`).sort();
      const version = createHash('sha256')
        .update(JSON.stringify([shell, optionalFiles]))
        .update(page)
        .digest('hex')
        .slice(0, 16);
      const source = fs.readFileSync(SOURCE, 'utf8').replace(/^declare const (SHELL_FILES|OPTIONAL_FILES|SHELL_VERSION): .*$/gm, (_line, name: string) => {
        const value = name === 'SHELL_FILES' ? shell : name === 'OPTIONAL_FILES' ? optionalFiles : version;
        return `const ${name} = ${JSON.stringify(value)};`;
      });
      const { code } = await transformWithEsbuild(source, SOURCE, { loader: 'ts', target: 'es2022', minify: true });
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: code });
    },
  };
}
