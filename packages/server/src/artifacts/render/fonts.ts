import { create as createFont, type Font, type GlyphRun } from 'fontkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The fonts of rendered documents: Noto Sans (Latin) and the Noto Sans face of each Indian
 * script a resident may read (Devanagari for Hindi and Marathi, Gujarati, Bengali, Tamil,
 * Telugu, Kannada), regular and bold, from the `@expo-google-fonts/*` packages (plain static
 * TTFs from Google Fonts, SIL Open Font License 1.1). A new script is one line in SCRIPTS. Read and parsed once per process; fontkit keeps
 * its glyph and GSUB/GPOS caches on the parsed font, so every later document shapes faster.
 */

/**
 * Each script (ISO 15924 code, lower case): its Unicode block, the Noto family that draws it
 * and a sample that exercises its shaping (conjuncts, reordered vowel signs) for the warm-up.
 */
const SCRIPTS = {
  latin: { block: null, family: 'NotoSans', sample: 'Marksheet 2014' },
  deva: { block: [0x0900, 0x097f], family: 'NotoSansDevanagari', sample: 'कक्षा र्म हिन्दी' },
  beng: { block: [0x0980, 0x09ff], family: 'NotoSansBengali', sample: 'পশ্চিমবঙ্গ কৃষ্ণ' },
  gujr: { block: [0x0a80, 0x0aff], family: 'NotoSansGujarati', sample: 'ભાવેશકુમાર જિજ્ઞેશ' },
  taml: { block: [0x0b80, 0x0bff], family: 'NotoSansTamil', sample: 'தமிழ்நாடு கொடு' },
  telu: { block: [0x0c00, 0x0c7f], family: 'NotoSansTelugu', sample: 'తెలుగు క్ష్మ' },
  knda: { block: [0x0c80, 0x0cff], family: 'NotoSansKannada', sample: 'ಕನ್ನಡ ಕ್ಷೇತ್ರ' },
} as const satisfies Record<string, { block: readonly [number, number] | null; family: string; sample: string }>;

export type Script = keyof typeof SCRIPTS;
export type Weight = 'regular' | 'bold';
export type FontKey = `${Script}-${Weight}`;

const PACKAGES: Record<string, string> = {
  NotoSans: 'noto-sans',
  NotoSansDevanagari: 'noto-sans-devanagari',
  NotoSansBengali: 'noto-sans-bengali',
  NotoSansGujarati: 'noto-sans-gujarati',
  NotoSansTamil: 'noto-sans-tamil',
  NotoSansTelugu: 'noto-sans-telugu',
  NotoSansKannada: 'noto-sans-kannada',
};

/** e.g. '@expo-google-fonts/noto-sans-tamil/700Bold/NotoSansTamil_700Bold.ttf' */
function fileOf(key: FontKey): string {
  const [script, weight] = key.split('-') as [Script, Weight];
  const { family } = SCRIPTS[script];
  const face = weight === 'bold' ? '700Bold' : '400Regular';
  return `@expo-google-fonts/${PACKAGES[family]}/${face}/${family}_${face}.ttf`;
}

export const SCRIPT_NAMES = Object.keys(SCRIPTS) as Script[];
export const FONT_KEYS = SCRIPT_NAMES.flatMap((s) => [`${s}-regular`, `${s}-bold`] as FontKey[]);

const requireFromHere = createRequire(import.meta.url);
const loaded = new Map<FontKey, Font>();

export function fontPath(key: FontKey): string {
  return requireFromHere.resolve(fileOf(key));
}

/** The parsed font for a key, read from disk on first use only. */
export function loadFont(key: FontKey): Font {
  let font = loaded.get(key);
  if (!font) {
    const parsed = createFont(readFileSync(fontPath(key)));
    if (!('layout' in parsed)) throw new Error(`${fileOf(key)} is a font collection, not a font`);
    font = parsed;
    tolerateNullAnchors(font);
    loaded.set(key, font);
  }
  return font;
}

interface GposProcessor {
  applyLookup(type: number, table: unknown): boolean;
  applyAnchor(markRecord: { markAnchor: unknown }, baseAnchor: unknown, baseIndex: number): void;
}

const NO_ANCHOR = Symbol('no anchor');

/**
 * fontkit (2.0.4) throws when a mark has no anchor for the glyph it follows. OpenType allows
 * such a NULL anchor: that subtable then does not attach the mark, and the next one is tried,
 * as HarfBuzz does. Noto Sans Telugu has them on common words ("ప్రభుత్వం", "తండ్రి"), so each
 * parsed font's positioning step is made to behave that way.
 */
function tolerateNullAnchors(font: Font): void {
  const gpos = (font as unknown as { _layoutEngine?: { engine?: { GPOSProcessor?: GposProcessor | null } } })._layoutEngine?.engine?.GPOSProcessor;
  if (!gpos) return;
  const { applyAnchor, applyLookup } = gpos;
  gpos.applyAnchor = function (markRecord, baseAnchor, baseIndex) {
    if (!baseAnchor || !markRecord.markAnchor) throw NO_ANCHOR;
    applyAnchor.call(this, markRecord, baseAnchor, baseIndex);
  };
  gpos.applyLookup = function (type, table) {
    try {
      return applyLookup.call(this, type, table);
    } catch (err) {
      if (err === NO_ANCHOR) return false;
      throw err;
    }
  };
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
  for (const key of FONT_KEYS) loadFont(key).layout(SCRIPTS[key.split('-')[0] as Script].sample);
}

/** The script that a code point belongs to, or null for characters any font may draw. */
export function scriptOf(cp: number): Script | null {
  if (cp === 0x0964 || cp === 0x0965) return null; // the dandas are shared by the scripts of India
  if (cp >= 0x0900 && cp <= 0x0cff) {
    for (const script of INDIC) if (cp >= SCRIPTS[script].block[0] && cp <= SCRIPTS[script].block[1]) return script;
    return null; // Gurmukhi and Odia, which no font here draws: left to the run around them
  }
  if ((cp >= 0xa8e0 && cp <= 0xa8ff) || (cp >= 0x1cd0 && cp <= 0x1cff)) return 'deva';
  if (cp === 0x200c || cp === 0x200d || cp === 0x25cc) return null; // ZWNJ, ZWJ, dotted circle
  return LETTER.test(String.fromCodePoint(cp)) ? 'latin' : null;
}

const LETTER = /[\p{L}\p{M}]/u;
const INDIC = SCRIPT_NAMES.filter((s): s is Exclude<Script, 'latin'> => SCRIPTS[s].block !== null);

export interface ScriptRun {
  script: Script;
  text: string;
}

/**
 * Splits text into runs of one script each, so that every run is shaped by the font made for
 * it. Digits, spaces and punctuation stay in the run around them (every font here draws them)
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
