import { isLanguageCode, LANGUAGES, DEFAULT_LANGUAGE, type LanguageCode } from './languages';

const KEY = 'tijori.language';

/** The language the person picked in the switcher on this device, if any. */
export function storedLanguage(): LanguageCode | null {
  try {
    const value = window.localStorage.getItem(KEY);
    return isLanguageCode(value) ? value : null;
  } catch {
    return null; // storage disabled (private mode, policy): the choice just is not remembered
  }
}

export function storeLanguage(code: LanguageCode): void {
  try {
    window.localStorage.setItem(KEY, code);
  } catch {
    // see storedLanguage
  }
}

/** First visit: the browser's preferred languages, else English. */
export function initialLanguage(): LanguageCode {
  const stored = storedLanguage();
  if (stored) return stored;
  for (const tag of navigator.languages ?? []) {
    const base = tag.toLowerCase().split('-')[0];
    const match = LANGUAGES.find((l) => l.code === base);
    if (match) return match.code;
  }
  return DEFAULT_LANGUAGE;
}
