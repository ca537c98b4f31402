/**
 * Does the name on an issuer's record belong to the resident whose e-KYC name is `profile`?
 * Tolerant of case, punctuation, spacing and initials ("R. K. Sharma" = "Ramesh Kumar Sharma"),
 * and of a middle name left out; strict on everything else.
 */
export function namesMatch(record: string, profile: string): boolean {
  const a = tokens(record);
  const b = tokens(profile);
  if (a.length === 0 || b.length === 0) return false;
  // Every record token must match a profile token, in order; the last names must agree.
  if (!same(a.at(-1)!, b.at(-1)!)) return false;
  let j = 0;
  for (const t of a) {
    while (j < b.length && !same(t, b[j]!)) j++;
    if (j === b.length) return false;
    j++;
  }
  return true;
}

function tokens(name: string): string[] {
  return name
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[.,'’`-]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

function same(a: string, b: string): boolean {
  if (a === b) return true;
  // An initial stands for any word starting with it.
  return (a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b));
}
