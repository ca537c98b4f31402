/**
 * What staff can find an issued document by, as rows of `issued_document_terms` (copied with the
 * status into `issued_document_status_terms` while it is not active): each word of the holder's
 * name (in Latin and in the Indian-script form), matched by prefix, and each value that
 * identifies the record (its document number, a roll, registration or licence number among its
 * fields), matched whole. Migration 0021 holds a frozen copy of these rules for the backfill.
 */

/** Identifier terms start with this, which no name word can (names keep letters, marks and digits). */
export const IDENTIFIER_MARK = '#';
const MAX_NAME_WORDS = 16;
const MAX_TERM = 64;

/**
 * A name as search compares it: compatibility-normalised (NFKC), lower case in every script,
 * zero-width joiners dropped (they change no letter), split on anything that is not a letter, a
 * combining mark (Indian vowel signs, virama, nukta) or a digit.
 */
export function nameWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .map((w) => w.slice(0, MAX_TERM));
}

/**
 * A record number as search compares it: case, spaces, dashes, dots and slashes do not count
 * ("GJ01 2014-0012345" is "gj0120140012345"). Null unless it looks like a number that
 * identifies one record: letters and digits only, 3 or more digits, at most 4 parts as written.
 */
export function identifierKey(value: string): string | null {
  const text = value.normalize('NFKC').trim();
  if (text.split(/\s+/).length > 4) return null;
  const key = text.replace(/[\s./-]+/g, '').toLowerCase();
  if (key.length < 3 || key.length > MAX_TERM || !/^[\p{L}\p{N}]+$/u.test(key)) return null;
  return (key.match(/\p{N}/gu)?.length ?? 0) >= 3 ? key : null;
}

/** Every term one document is found by (no duplicates). */
export function documentTerms(doc: { docId: string; holderName: string; holderNameLocal?: string | undefined; fields: Record<string, string> }): string[] {
  const terms = new Set<string>();
  for (const w of [...nameWords(doc.holderName), ...nameWords(doc.holderNameLocal ?? '')].slice(0, MAX_NAME_WORDS)) terms.add(w);
  // The document number is always an identifier, even when it has fewer digits than the rule asks.
  const docKey = doc.docId.replace(/[\s./-]+/g, '').toLowerCase();
  if (docKey) terms.add(IDENTIFIER_MARK + docKey.slice(0, MAX_TERM));
  for (const value of Object.values(doc.fields)) {
    const key = identifierKey(value);
    if (key) terms.add(IDENTIFIER_MARK + key);
  }
  return [...terms];
}
