import { describe, expect, it } from 'vitest';
import { createFormatters } from './format.js';
import { LANGUAGES } from './languages.js';

describe('locale formatting', () => {
  it('groups digits the Indian way in every language', () => {
    for (const locale of ['en-IN', 'hi-IN', 'gu-IN', 'mr-IN-u-nu-latn', 'bn-IN-u-nu-latn', 'ta-IN', 'te-IN', 'kn-IN']) {
      expect(createFormatters(locale).number(1234567)).toBe('12,34,567');
    }
  });

  it('writes calendar dates in the chosen language without shifting the day', () => {
    expect(createFormatters('en-IN').calendarDate('1951-03-15')).toBe('15 March 1951');
    expect(createFormatters('hi-IN').calendarDate('1951-03-15')).toBe('15 मार्च 1951');
    expect(createFormatters('gu-IN').calendarDate('1951-03-15')).toBe('15 માર્ચ, 1951');
    expect(createFormatters('mr-IN-u-nu-latn').calendarDate('1951-03-15')).toBe('15 मार्च, 1951');
    expect(createFormatters('en-IN').calendarDate('not a date')).toBe('not a date');
  });

  it('registers each language the portal has a dictionary for, named in its own script', () => {
    expect(LANGUAGES.map((l) => [l.code, l.name])).toEqual([
      ['en', 'English'],
      ['hi', 'हिन्दी'],
      ['gu', 'ગુજરાતી'],
      ['mr', 'मराठी'],
      ['bn', 'বাংলা'],
      ['ta', 'தமிழ்'],
      ['te', 'తెలుగు'],
      ['kn', 'ಕನ್ನಡ'],
    ]);
  });
});
