import { en } from './en';
import { gu } from './gu';
import { hi } from './hi';
import type { Translation } from './translation';

export interface Language {
  /** BCP 47 tag used for <html lang>, the server's `language` and localStorage. */
  code: string;
  /** The language's own name, shown in the switcher in its own script. */
  name: string;
  /** Locale for Intl number and date formatting (Indian digit grouping: 12,34,567). */
  locale: string;
  messages: Translation;
}

/**
 * Every language the portal speaks. To add one: write `xx.ts` (`satisfies Translation`
 * makes tsc list anything missing) and add one line here. The server must accept the code
 * too (PATCH /api/v1/me {language}).
 */
export const LANGUAGES = [
  { code: 'en', name: 'English', locale: 'en-IN', messages: en },
  { code: 'hi', name: 'हिन्दी', locale: 'hi-IN', messages: hi },
  { code: 'gu', name: 'ગુજરાતી', locale: 'gu-IN', messages: gu },
] as const satisfies readonly Language[];

export type LanguageCode = (typeof LANGUAGES)[number]['code'];

export const DEFAULT_LANGUAGE: LanguageCode = 'en';

export function isLanguageCode(value: unknown): value is LanguageCode {
  return LANGUAGES.some((l) => l.code === value);
}

export function languageByCode(code: LanguageCode): Language {
  return LANGUAGES.find((l) => l.code === code) ?? LANGUAGES[0];
}
