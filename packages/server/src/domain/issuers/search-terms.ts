import { readFileSync } from 'node:fs';

/**
 * How names are compared: Unicode-normalised, lower case, without the joiners and nuktas that
 * keyboards type differently (ज़ / ज), punctuation read as a space.
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u200b-\u200d]|\u093c|\u0abc/g, '')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}

/** packages/server/data, seen from src/domain/issuers and dist/domain/issuers alike. */
const SYNONYMS_FILE = new URL('../../../data/directory-synonyms.tsv', import.meta.url);

/** The rows of data/directory-synonyms.tsv: each a set of names (any language) for one concept. */
export function parseSynonyms(tsv: string): string[][] {
  return tsv
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .slice(1)
    .map((line) => [...new Set(line.split(/[\t;]/).map(searchKey).filter(Boolean))]);
}

let synonyms: Map<string, string[]> | null = null;

/** Other names for a query: every name sharing a row with it (none when it is in no row). */
export function synonymsOf(key: string): string[] {
  if (!synonyms) {
    synonyms = new Map();
    for (const row of parseSynonyms(readFileSync(SYNONYMS_FILE, 'utf8'))) {
      for (const name of row) synonyms.set(name, [...new Set([...(synonyms.get(name) ?? []), ...row.filter((other) => other !== name)])]);
    }
  }
  return synonyms.get(key) ?? [];
}
