import { create as createFont, type Font, type GlyphRun } from 'fontkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The fonts of rendered documents: Noto Sans (Latin), Noto Sans Devanagari and Noto Sans
 * Gujarati, regular and bold, from the `@expo-google-fonts/*` packages (plain static TTFs from
 * Google Fonts, SIL Open Font License 1.1). Read and parsed once per process; fontkit keeps
 * its glyph and GSUB/GPOS caches on the parsed font, so every later document shapes faster.
 */

export type Script = 'latin' | 'deva' | 'gujr';
export type Weight = 'regular' | 'bold';
export type FontKey = `${Script}-${Weight}`;

const FILES: Record<FontKey, string> = {
  'latin-regular': '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  'latin-bold': '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  'deva-regular': '@expo-google-fonts/noto-sans-devanagari/400Regular/NotoSansDevanagari_400Regular.ttf',
  'deva-bold': '@expo-google-fonts/noto-sans-devanagari/700Bold/NotoSansDevanagari_700Bold.ttf',
  'gujr-regular': '@expo-google-fonts/noto-sans-gujarati/400Regular/NotoSansGujarati_400Regular.ttf',
  'gujr-bold': '@expo-google-fonts/noto-sans-gujarati/700Bold/NotoSansGujarati_700Bold.ttf',
};

export const FONT_KEYS = Object.keys(FILES) as FontKey[];

const requireFromHere = createRequire(import.meta.url);
const loaded = new Map<FontKey, Font>();

export function fontPath(key: FontKey): string {
  return requireFromHere.resolve(FILES[key]);
}

/** The parsed font for a key, read from disk on first use only. */
export function loadFont(key: FontKey): Font {
  let font = loaded.get(key);
  if (!font) {
    const parsed = createFont(readFileSync(fontPath(key)));
    if (!('layout' in parsed)) throw new Error(`${FILES[key]} is a font collection, not a font`);
    font = parsed;
    loaded.set(key, font);
  }
  return font;
}

const SHAPED_WORDS_KEPT = 4000;
const forPdf = new Map<FontKey, Font>();

/**
 * The font as handed to PDFKit: the parsed font behind a cache of shaped words. PDFKit shapes
 * word by word and caches only per document; shaping Indic text (GSUB reordering, conjuncts,
 * GPOS marks) is most of the time a page takes, and a locker renders the same labels, names and
 * places again and again. Each caller gets its own copy of the positions, which PDFKit scales
 * in place. The cache keeps the most recent few thousand words per font.
 */
export function fontForPdf(key: FontKey): Font {
  let proxy = forPdf.get(key);
  if (!proxy) {
    const font = loadFont(key);
    const shaped = new Map<string, GlyphRun>();
    const layout = (text: string, ...rest: unknown[]): GlyphRun => {
      if (rest.some((arg) => arg !== undefined)) return (font.layout as (...args: unknown[]) => GlyphRun)(text, ...rest);
      let run = shaped.get(text);
      if (!run) {
        run = font.layout(text);
        if (shaped.size >= SHAPED_WORDS_KEPT) shaped.delete(shaped.keys().next().value!);
        shaped.set(text, run);
      }
      const copy = Object.create(Object.getPrototypeOf(run) as object) as GlyphRun;
      return Object.assign(copy, run, { positions: run.positions.map((p) => ({ ...p })) });
    };
    proxy = new Proxy(font, { get: (target, prop) => (prop === 'layout' ? layout : Reflect.get(target, prop, target)) });
    forPdf.set(key, proxy);
  }
  return proxy;
}

/**
 * Loads every font and shapes a sample in each script, so that the first document a resident
 * opens is as fast as the rest (fontkit builds its lookup tables lazily). Call at start-up.
 */
export function preloadRenderFonts(): void {
  const samples: Record<Script, string> = { latin: 'Marksheet 2014', deva: 'कक्षा र्म हिन्दी', gujr: 'ભાવેશકુમાર જિજ્ઞેશ' };
  for (const key of FONT_KEYS) loadFont(key).layout(samples[key.split('-')[0] as Script]);
}

/** The script that a code point belongs to, or null for characters any font may draw. */
export function scriptOf(cp: number): Script | null {
  if (cp >= 0x0900 && cp <= 0x097f) return cp === 0x0964 || cp === 0x0965 ? null : 'deva'; // dandas are shared
  if (cp >= 0x0a80 && cp <= 0x0aff) return 'gujr';
  if ((cp >= 0xa8e0 && cp <= 0xa8ff) || (cp >= 0x1cd0 && cp <= 0x1cff)) return 'deva';
  if (cp === 0x200c || cp === 0x200d || cp === 0x25cc) return null; // ZWNJ, ZWJ, dotted circle
  return LETTER.test(String.fromCodePoint(cp)) ? 'latin' : null;
}

const LETTER = /[\p{L}\p{M}]/u;

export interface ScriptRun {
  script: Script;
  text: string;
}

/**
 * Splits text into runs of one script each, so that every run is shaped by the font made for
 * it. Digits, spaces and punctuation stay in the run around them (all three fonts draw them)
 * so that a Hindi phrase with a year in it is one shaping run; text that starts with them takes
 * the script of the first letter after them.
 */
export function splitByScript(text: string): ScriptRun[] {
  const runs: ScriptRun[] = [];
  let current: Script | null = null;
  let start = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const script = scriptOf(cp);
    if (script !== null && script !== current) {
      if (current !== null) {
        runs.push({ script: current, text: text.slice(start, i) });
        start = i;
      }
      current = script; // neutral characters before the first letter join its run
    }
    i += cp > 0xffff ? 2 : 1;
  }
  if (text.length > 0) runs.push({ script: current ?? 'latin', text: text.slice(start) });
  return runs;
}
