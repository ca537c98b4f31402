import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from '@tijori/texts/en/portal';
import { createFormatters } from './format';
import { I18nContext, type I18n } from './i18n-context';
import { languageByCode, loadedMessages, loadMessages, type LanguageCode } from './languages';
import { initialLanguage, storeLanguage } from './storage';
import type { MessageKey, Translation } from './translation';

function interpolate(template: string, params: Record<string, string | number> | undefined, formatNumber: (n: number) => string): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLang] = useState<LanguageCode>(initialLanguage);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  // The new language shows once its dictionary has arrived (one small file), never half-translated.
  const setLanguage = useCallback((code: LanguageCode) => {
    storeLanguage(code);
    loadMessages(code).then(
      () => setLang(code),
      () => setLang(code), // offline: stay readable in English rather than stuck
    );
  }, []);

  const value = useMemo<I18n>(() => {
    const language = languageByCode(lang);
    const messages: Translation = loadedMessages(lang) ?? en;
    const format = createFormatters(language.locale);
    const t = (key: MessageKey, params?: Record<string, string | number>) => interpolate(messages[key] ?? en[key], params, format.number);
    return { lang, locale: language.locale, setLanguage, t: t as I18n['t'], format };
  }, [lang, setLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
