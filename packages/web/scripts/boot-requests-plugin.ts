import type { Plugin } from 'vite';
import { API_FETCH_INIT, EARLY_PAGE, EARLY_REQUESTS } from '../src/api/early-requests';

/** A dictionary's module in the bundle: packages/texts/dist/<code>/portal.js. */
export const DICTIONARY_MODULE = /\/texts\/dist\/([a-z]{2,3})\/portal\.js$/;

/**
 * Puts a small inline script at the top of index.html that starts, at once and beside the entry
 * chunk, what the first render waits for: the reader's dictionary and, on the locker's front page,
 * the early API requests (src/api/early-requests.ts). Fetched by the entry after it has arrived
 * and run, they came more than a second later on slow 3G. The language is chosen as
 * src/i18n/storage.ts `initialLanguage` does: this device's choice, else the browser's languages,
 * else English. The server allows exactly this script by its hash (the Content-Security-Policy
 * keeps `script-src 'self'` otherwise).
 */
export function bootRequests(): Plugin {
  return {
    name: 'tijori-boot-requests',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const files: Record<string, string> = {};
        for (const output of Object.values(ctx.bundle ?? {})) {
          if (output.type !== 'chunk') continue;
          const code = output.moduleIds.map((id) => DICTIONARY_MODULE.exec(id)?.[1]).find(Boolean);
          if (code) files[code] = `/${output.fileName}`;
        }
        if (!files.en) throw new Error('dictionary-preload: no English dictionary chunk in the bundle');
        const script =
          `(function(f,p,r,o){var c;try{c=localStorage.getItem('tijori.language')}catch(e){}if(!f[c]){c='en';var t=navigator.languages||[];for(var i=0;i<t.length;i++){var b=String(t[i]).toLowerCase().split('-')[0];if(f[b]){c=b;break}}}` +
          `var l=document.createElement('link');l.rel='modulepreload';l.crossOrigin='';l.href=f[c];document.head.appendChild(l);` +
          `if(p.test(location.pathname)&&window.fetch){var e={};for(var k in r){e[k]=fetch(r[k],o);e[k].catch(function(){})}window.__tijoriEarly=e}})` +
          `(${JSON.stringify(files)},${EARLY_PAGE.toString()},${JSON.stringify(EARLY_REQUESTS)},${JSON.stringify(API_FETCH_INIT)})`;
        return [{ tag: 'script', children: script, injectTo: 'head-prepend' }];
      },
    },
  };
}
