import { serverTexts, type SmsTexts } from '@tijori/texts';

/**
 * The SMS texts in a language (English for one Tijori does not have). They carry the purpose,
 * so a code read out of context is not misused. The words live in @tijori/texts, one file per
 * language, beside the portal's.
 */
export function smsTexts(language: string | undefined): SmsTexts {
  return serverTexts(language).sms;
}

/** A moment as an SMS states it: Indian time, in the reader's language, unambiguous. */
export function smsTime(ms: number, language?: string): string {
  const texts = serverTexts(language);
  const formatted = new Date(ms).toLocaleString(texts.locale, {
    timeZone: 'Asia/Kolkata',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
  return texts.sms.at(formatted);
}
