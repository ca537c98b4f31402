import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isStorageFull, isUniqueViolation } from '../../src/db/db-errors.js';

const coded = (code: string) => Object.assign(new Error('x'), { code });

describe('database error classification', () => {
  it('treats busy, I/O and open failures as "unavailable", extended codes included', () => {
    for (const code of [
      'SQLITE_BUSY',
      'SQLITE_BUSY_SNAPSHOT',
      'SQLITE_BUSY_TIMEOUT',
      'SQLITE_IOERR',
      'SQLITE_IOERR_FSYNC',
      'SQLITE_CANTOPEN',
      '57P01',
      'ECONNREFUSED',
    ]) {
      expect(isDatabaseUnavailable(coded(code)), code).toBe(true);
    }
    for (const code of ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_BUSYNESS', 'SQLITE_ERROR', 'SQLITE_FULL', '23505']) {
      expect(isDatabaseUnavailable(coded(code)), code).toBe(false);
    }
  });

  it('tells unique violations and a full disk apart on both dialects', () => {
    expect(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505'].every((c) => isUniqueViolation(coded(c)))).toBe(true);
    expect(isUniqueViolation(coded('SQLITE_CONSTRAINT_NOTNULL'))).toBe(false);
    expect(['SQLITE_FULL', '53100', 'ENOSPC'].every((c) => isStorageFull(coded(c)))).toBe(true);
  });
});
