import { LANGUAGE_CODES } from '@tijori/texts';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, SIGN_IN_FAILURE_REASONS } from './audit-log.js';

/**
 * The console labels an action by its name (`console.audit.actions.<action>`), and a failed
 * sign-in's reason likewise: an action added to the log without words in every language fails here.
 */
describe('every audited action and sign-in failure reason has a console label in every language', () => {
  for (const code of LANGUAGE_CODES) {
    it(code, async () => {
      const dictionary = (await import(`@tijori/texts/${code}/portal`))[code] as Record<string, string>;
      const missing = [...AUDIT_ACTIONS.map((a) => `console.audit.actions.${a}`), ...SIGN_IN_FAILURE_REASONS.map((r) => `console.audit.reasons.${r}`)].filter(
        (key) => !dictionary[key]?.trim(),
      );
      expect(missing).toEqual([]);
    });
  }

  it('names each action once', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
  });
});
