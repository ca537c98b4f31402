import { describe, expect, it } from 'vitest';
import { createFormatters } from './format.js';
import { LANGUAGES } from './languages.js';

describe('locale formatting', () => {
  it('groups digits the Indian way in every language', () => {
    for (const locale of ['en-IN', 'hi-IN', 'gu-IN']) {
      expect(createFormatters(locale).number(1234567)).toBe('12,34,567');
    }
  });

  it('writes calendar dates in the chosen language without shifting the day', () => {
    expect(createFormatters('en-IN').calendarDate('1951-03-15')).toBe('15 March 1951');
    expect(createFormatters('hi-IN').calendarDate('1951-03-15')).toBe('15 मार्च 1951');
    expect(createFormatters('gu-IN').calendarDate('1951-03-15')).toBe('15 માર્ચ, 1951');
    expect(createFormatters('en-IN').calendarDate('not a date')).toBe('not a date');
  });

  it('registers exactly English, Hindi and Gujarati with their locales', () => {
    expect(LANGUAGES.map((l) => l.code)).toEqual(['en', 'hi', 'gu']);
  });
});
