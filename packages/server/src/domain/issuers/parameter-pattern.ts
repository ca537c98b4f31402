import { RE2JS } from 're2js';

/**
 * Issuer staff write the patterns a pull parameter must match, and residents' input is
 * tested against them on the request path. JavaScript's own RegExp backtracks: `(a+)+b`
 * against 31 characters blocks the process for seconds. RE2 semantics (re2js, pure JS)
 * match in time linear in the input and refuse what cannot be matched so (back-references,
 * look-around), so a pattern is checked with the same engine when it is defined.
 */
const compiled = new Map<string, RE2JS | null>();
const CACHE_LIMIT = 500;

function compile(pattern: string): RE2JS | null {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = RE2JS.compile(`^(?:${pattern})$`);
    } catch {
      re = null;
    }
    if (compiled.size >= CACHE_LIMIT) compiled.delete(compiled.keys().next().value!);
    compiled.set(pattern, re);
  }
  return re;
}

/** Whether the pattern is one RE2 accepts (no back-references or look-around). */
export function isValidParameterPattern(pattern: string): boolean {
  return compile(pattern) !== null;
}

/** Whether the whole value matches; a stored pattern RE2 refuses matches nothing. */
export function matchesParameterPattern(pattern: string, value: string): boolean {
  return compile(pattern)?.matches(value) ?? false;
}
