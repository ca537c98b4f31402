/** India Standard Time (UTC+5:30, no daylight saving): the day statistics are kept by. */
const IST_OFFSET_MS = 330 * 60 * 1000;

/** The IST date (YYYY-MM-DD) of an instant in epoch milliseconds. */
export function statDay(ms: number): string {
  return new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The IST date `days` days before the one `ms` falls on. */
export function statDayBefore(ms: number, days: number): string {
  return statDay(ms - days * 86_400_000);
}
