import { en } from './en';
import type { Translation } from './translation';

export interface Language {
  /** BCP 47 tag used for <html lang>, the server's `language` and localStorage. */
  code: string;
  /** The language's own name, shown in the switcher in its own script. */
  name: string;
  /** Locale for Intl number and date formatting (Indian digit grouping: 12,34,567). */
  locale: string;
}

/**
 * Every language the portal speaks. To add one: write `xx.ts` (`satisfies Translation`
 * makes tsc list anything missing), add one line here and its loader in DICTIONARIES. The server must accept the code
 * too (PATCH /api/v1/me {language}).
 */
export const LANGUAGES = [
  { code: 'en', name: 'English', locale: 'en-IN' },
  { code: 'hi', name: 'हिन्दी', locale: 'hi-IN' },
  { code: 'gu', name: 'ગુજરાતી', locale: 'gu-IN' },
] as const satisfies readonly Language[];

export type LanguageCode = (typeof LANGUAGES)[number]['code'];

export const DEFAULT_LANGUAGE: LanguageCode = 'en';

export function isLanguageCode(value: unknown): value is LanguageCode {
  return LANGUAGES.some((l) => l.code === value);
}

export function languageByCode(code: LanguageCode): Language {
  return LANGUAGES.find((l) => l.code === code) ?? LANGUAGES[0];
}

/**
 * Each dictionary but English is its own chunk, fetched only when that language is chosen
 * (or was chosen before on this device): a first visit downloads one language, not all.
 */
const DICTIONARIES: Record<LanguageCode, () => Promise<Translation>> = {
  en: () => Promise.resolve(en),
  hi: () => import('./hi').then((m) => m.hi),
  gu: () => import('./gu').then((m) => m.gu),
};

const loaded = new Map<LanguageCode, Translation>([['en', en]]);

/** The dictionary if it is already here; English until a chosen one has arrived. */
export function loadedMessages(code: LanguageCode): Translation | undefined {
  return loaded.get(code);
}

export async function loadMessages(code: LanguageCode): Promise<Translation> {
  const have = loaded.get(code);
  if (have) return have;
  const messages = await DICTIONARIES[code]();
  loaded.set(code, messages);
  return messages;
}
