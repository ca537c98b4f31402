import type { I18n } from '../../i18n/i18n-context';

/** "Valid from 1 Jan 2024 to 31 Dec 2034", "Valid until …", or "Does not expire". */
export function validityText(doc: { validFrom: string | null; validTo: string | null }, { t, format }: Pick<I18n, 't' | 'format'>): string {
  const from = doc.validFrom ? format.calendarDate(doc.validFrom) : null;
  const to = doc.validTo ? format.calendarDate(doc.validTo) : null;
  if (from && to) return t('documents.validity.range', { from, to });
  if (to) return t('documents.validity.until', { date: to });
  if (from) return t('documents.validity.from', { date: from });
  return t('documents.validity.none');
}
