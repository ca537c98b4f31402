import type { Translation } from './translation';

export interface Language {
  /** BCP 47 tag used for <html lang>, the server's `language` and localStorage. */
  code: string;
  /** The language's own name, shown in the switcher in its own script. */
  name: string;
  /** Locale for Intl number and date formatting (Indian digit grouping: 12,34,567). */
  locale: string;
  /**
   * Fetches the dictionary. Each but English is its own chunk, fetched only when that language
   * is chosen (or was chosen before on this device): a first visit downloads one language.
   */
  load: () => Promise<Translation>;
}

/**
 * Every language the portal speaks, one line each. To add one: write its folder in
 * packages/texts (`portal.ts` with `satisfies Translation`, `server.ts` for the SMS and PDF
 * texts), add its font (packages/web/src/main.tsx, the server's artifacts/render/fonts.ts),
 * and add its line here. See docs/translations.md.
 */
export const LANGUAGES = [
  { code: 'en', name: 'English', locale: 'en-IN', load: () => import('@tijori/texts/en/portal').then((m) => m.en) },
  { code: 'hi', name: 'हिन्दी', locale: 'hi-IN', load: () => import('@tijori/texts/hi/portal').then((m) => m.hi) },
  { code: 'gu', name: 'ગુજરાતી', locale: 'gu-IN', load: () => import('@tijori/texts/gu/portal').then((m) => m.gu) },
  // Marathi and Bengali write their own digits by default; Tijori shows 0–9 everywhere, as on Indian documents.
  { code: 'mr', name: 'मराठी', locale: 'mr-IN-u-nu-latn', load: () => import('@tijori/texts/mr/portal').then((m) => m.mr) },
  { code: 'bn', name: 'বাংলা', locale: 'bn-IN-u-nu-latn', load: () => import('@tijori/texts/bn/portal').then((m) => m.bn) },
  { code: 'ta', name: 'தமிழ்', locale: 'ta-IN', load: () => import('@tijori/texts/ta/portal').then((m) => m.ta) },
  { code: 'te', name: 'తెలుగు', locale: 'te-IN', load: () => import('@tijori/texts/te/portal').then((m) => m.te) },
  { code: 'kn', name: 'ಕನ್ನಡ', locale: 'kn-IN', load: () => import('@tijori/texts/kn/portal').then((m) => m.kn) },
] as const satisfies readonly Language[];

export type LanguageCode = (typeof LANGUAGES)[number]['code'];

export const DEFAULT_LANGUAGE: LanguageCode = 'en';

export function isLanguageCode(value: unknown): value is LanguageCode {
  return LANGUAGES.some((l) => l.code === value);
}

export function languageByCode(code: LanguageCode): Language {
  return LANGUAGES.find((l) => l.code === code) ?? LANGUAGES[0];
}

// English too is a chunk of its own: a Hindi reader's first load carries Hindi, not both.
const loaded = new Map<LanguageCode, Translation>();

/** The dictionary if it is already here. */
export function loadedMessages(code: LanguageCode): Translation | undefined {
  return loaded.get(code);
}

export async function loadMessages(code: LanguageCode): Promise<Translation> {
  const have = loaded.get(code);
  if (have) return have;
  const messages = await languageByCode(code).load();
  loaded.set(code, messages);
  return messages;
}
