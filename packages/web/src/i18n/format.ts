/** Number and date formatting for one locale; Intl does the Indian grouping (12,34,567). */
export interface Formatters {
  number(value: number): string;
  /** A calendar date such as a date of birth, 'YYYY-MM-DD': shown as is, whatever the time zone. */
  calendarDate(isoDate: string): string;
  /** An instant (ISO 8601 timestamp) in the reader's time zone. */
  dateTime(iso: string): string;
  /** An instant, date only. */
  date(iso: string): string;
  /** Clock time with seconds (e.g. "last updated"). */
  time(date: Date): string;
  /** Clock time to the minute (e.g. "try again after 3:45 pm"). */
  timeShort(date: Date): string;
}

export function createFormatters(locale: string): Formatters {
  // Counts in Indian grouping with the digits 0–9 in every language: CLDR's Kannada groups in
  // thousands (1,234,567), and Marathi and Bengali would switch digits.
  const number = new Intl.NumberFormat('en-IN');
  const calendar = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });
  const timeShort = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  const safe = (fmt: Intl.DateTimeFormat, d: Date, fallback: string) => (Number.isNaN(d.getTime()) ? fallback : fmt.format(d));
  return {
    number: (value) => number.format(value),
    calendarDate: (isoDate) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
      return m ? safe(calendar, new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))), isoDate) : isoDate;
    },
    dateTime: (iso) => safe(dateTime, new Date(iso), iso),
    date: (iso) => safe(date, new Date(iso), iso),
    time: (d) => safe(time, d, ''),
    timeShort: (d) => safe(timeShort, d, ''),
  };
}
