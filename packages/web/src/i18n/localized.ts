import type { Localized } from '../api/types';
import type { LanguageCode } from './languages';

/** An issuer's own text (names, labels) in the reader's language, else in English. */
export function pickLocalized(text: Localized | undefined, lang: LanguageCode): string {
  if (!text) return '';
  return text[lang] || text.en;
}

/** Whether the text shown is really in the reader's language, for `lang` on the element. */
export function localizedLang(text: Localized | undefined, lang: LanguageCode): LanguageCode {
  return text?.[lang] ? lang : 'en';
}
