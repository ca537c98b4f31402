import { createContext, useContext } from 'react';
import type { Formatters } from './format';
import type { LanguageCode } from './languages';
import type { MessageKey, ParamsFor } from './translation';

export interface I18n {
  lang: LanguageCode;
  locale: string;
  /** Switch language: remembered on this device; the session layer also tells the server. */
  setLanguage(code: LanguageCode): void;
  t<K extends MessageKey>(key: K, ...params: ParamsFor<K>): string;
  format: Formatters;
}

export const I18nContext = createContext<I18n | null>(null);

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n needs <I18nProvider> above it');
  return i18n;
}
