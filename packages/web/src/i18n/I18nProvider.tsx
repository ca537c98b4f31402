import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
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

  // The new language shows once its dictionary has arrived (one small file), never half-translated;
  // if it cannot arrive (offline), the page stays in the language it is in.
  const setLanguage = useCallback((code: LanguageCode) => {
    loadMessages(code).then(
      () => {
        storeLanguage(code);
        setLang(code);
      },
      () => undefined,
    );
  }, []);

  const value = useMemo<I18n>(() => {
    const language = languageByCode(lang);
    // main.tsx renders once the reader's dictionary (or, failing that, English) has arrived.
    const messages: Partial<Translation> = loadedMessages(lang) ?? loadedMessages('en') ?? {};
    const format = createFormatters(language.locale);
    const t = (key: MessageKey, params?: Record<string, string | number>) => interpolate(messages[key] ?? key, params, format.number);
    return { lang, locale: language.locale, setLanguage, t: t as I18n['t'], format };
  }, [lang, setLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
