import type { DomainDeps } from '../context.js';
import type { LocalizedText } from './localized.js';
import { NAMES_TTL_MS } from './directory-names.js';
import { searchKey, synonymsOf } from './search-terms.js';

export type MatchKind = 'exact' | 'prefix' | 'contains' | 'synonym';
const RANK: Record<MatchKind, number> = { exact: 4, prefix: 3, contains: 2, synonym: 1 };

/** One issuer or one document type found by name. */
export interface DirectoryHit {
  kind: 'issuer' | 'documentType';
  orgId: string;
  issuerNames: LocalizedText;
  category: string;
  state: string | null;
  /** The document type's code; null for an issuer. */
  code: string | null;
  names: LocalizedText;
  /** Whether a resident can ask for it on "Get a document". */
  pullable: boolean;
  match: MatchKind;
}

interface Entry {
  hit: Omit<DirectoryHit, 'match'>;
  /** Its names in every language, its code or org id, as search keys. */
  keys: string[];
  /** The keys joined, each after a newline: one `includes` tells whether the query is anywhere in them. */
  blob: string;
}

/** The entries, and every word of their keys sorted (with its entry's position) for finding words by their start. */
interface DirectoryIndex {
  entries: Entry[];
  words: string[];
  wordEntry: Int32Array;
}

/**
 * Per database: the directory as search entries, with the time its build began reading. Every
 * process keeps its own, so an edit made in another process is seen once the index is rebuilt:
 * from REFRESH_AFTER_MS a search starts a rebuild and is answered from the old index meanwhile (a
 * rebuild of a large directory takes far longer than a search); from NAMES_TTL_MS the old index
 * is never used, and the search waits for the new one. So every process answers from the
 * directory as it was at most NAMES_TTL_MS ago, however long it sat idle; after a directory edit
 * in this process the index is dropped at once.
 */
const indexes = new WeakMap<object, { current: DirectoryIndex | null; pending: Promise<DirectoryIndex> | null; readAt: number }>();
const REFRESH_AFTER_MS = NAMES_TTL_MS - 10_000;

/** Entries kept in the order answers list them within a rank (document types first, then by name): no sorting per search. */
function indexOf(unordered: Entry[]): DirectoryIndex {
  const entries = [...unordered].sort(
    (x, y) =>
      (x.hit.kind === y.hit.kind ? 0 : x.hit.kind === 'documentType' ? -1 : 1) ||
      (x.hit.names.en < y.hit.names.en ? -1 : x.hit.names.en > y.hit.names.en ? 1 : 0),
  );
  const pairs: [string, number][] = [];
  entries.forEach((e, i) => {
    for (const word of new Set(e.keys.flatMap((k) => k.split(' ')))) pairs.push([word, i]);
  });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  return { entries, words: pairs.map((p) => p[0]), wordEntry: Int32Array.from(pairs, (p) => p[1]) };
}

async function buildIndex(deps: Pick<DomainDeps, 'repos'>): Promise<DirectoryIndex> {
  const [issuers, types] = await Promise.all([deps.repos.issuers.list({ status: 'active' }), deps.repos.issuers.listDocumentTypes()]);
  const byId = new Map(issuers.map((i) => [i.id, i]));
  const keysOf = (names: LocalizedText, ...extra: string[]) => [...new Set([...Object.values(names), ...extra].filter((n): n is string => !!n).map(searchKey))];
  const entry = (hit: Entry['hit'], keys: string[]): Entry => ({ hit, keys, blob: keys.map((k) => `\n${k}`).join('') });
  const entries: Entry[] = issuers.map((i) =>
    entry(
      {
        kind: 'issuer',
        orgId: i.org_id,
        issuerNames: i.names,
        category: i.category,
        state: i.state,
        code: null,
        names: i.names,
        pullable: i.pull_mode !== 'none',
      },
      // in.gov.cbse is also found as "cbse".
      keysOf(i.names, i.org_id, i.org_id.split('.').at(-1) ?? ''),
    ),
  );
  for (const t of types) {
    const issuer = byId.get(t.issuer_id);
    if (!issuer) continue;
    entries.push(
      entry(
        {
          kind: 'documentType',
          orgId: issuer.org_id,
          issuerNames: issuer.names,
          category: issuer.category,
          state: issuer.state,
          code: t.code,
          names: t.names,
          pullable: issuer.pull_mode !== 'none' && t.parameters.length > 0,
        },
        keysOf(t.names, t.code),
      ),
    );
  }
  return indexOf(entries);
}

/** After a directory edit, this process's next search reads the directory afresh. */
export function forgetDirectoryIndex(deps: Pick<DomainDeps, 'db'>): void {
  indexes.delete(deps.db);
}

function directoryIndex(deps: Pick<DomainDeps, 'db' | 'repos' | 'clock'>): Promise<DirectoryIndex> {
  let state = indexes.get(deps.db);
  if (!state) indexes.set(deps.db, (state = { current: null, pending: null, readAt: 0 }));
  const now = deps.clock.now();
  const age = now - state.readAt;
  if (state.current && age < REFRESH_AFTER_MS) return Promise.resolve(state.current);
  if (!state.pending) {
    const mine = state;
    mine.pending = buildIndex(deps).then(
      (index) => {
        Object.assign(mine, { current: index, pending: null, readAt: now });
        return index;
      },
      (err: unknown) => {
        mine.pending = null;
        throw err;
      },
    );
    // Searches served from the old index meanwhile never await it: a failed rebuild is retried, not unhandled.
    mine.pending.catch(() => undefined);
  }
  return state.current && age < NAMES_TTL_MS ? Promise.resolve(state.current) : state.pending!;
}

/** Whether `q` starts a word of the entry's keys (a key's start included). */
const startsWord = (entry: Entry, q: string) => entry.blob.includes(`\n${q}`) || entry.blob.includes(` ${q}`);

/** The entries having a word that starts with `prefix`: a binary search in the sorted words. */
function entriesWithWordStarting(index: DirectoryIndex, prefix: string): number[] {
  let lo = 0;
  let hi = index.words.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (index.words[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let i = lo; i < index.words.length && index.words[i]!.startsWith(prefix); i++) out.push(index.wordEntry[i]!);
  return out;
}

/**
 * "Get a document": issuers and document types whose name in any language, code or org id
 * matches `q`, ranked exact > prefix (of the name or a word of it) > contains > synonym (a name
 * that shares a row of data/directory-synonyms.tsv with the query, found where it starts a
 * word: "pan" must not find "Japan"), then document types before issuers, then by name.
 */
export async function searchDirectory(deps: Pick<DomainDeps, 'db' | 'repos' | 'clock'>, query: { q: string; limit?: number }): Promise<DirectoryHit[]> {
  const q = searchKey(query.q);
  if (!q) return [];
  const index = await directoryIndex(deps);
  const { entries } = index;
  const rank = new Uint8Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.blob.includes(q)) rank[i] = entry.keys.includes(q) ? RANK.exact : startsWord(entry, q) ? RANK.prefix : RANK.contains;
  }
  for (const alt of synonymsOf(q)) {
    for (const i of entriesWithWordStarting(index, alt.split(' ')[0]!)) {
      if (rank[i] === 0 && startsWord(entries[i]!, alt)) rank[i] = RANK.synonym;
    }
  }
  // Best rank first; within a rank the entries' own order.
  const limit = query.limit ?? 50;
  const out: DirectoryHit[] = [];
  for (const match of ['exact', 'prefix', 'contains', 'synonym'] as const) {
    for (let i = 0; i < entries.length && out.length < limit; i++) if (rank[i] === RANK[match]) out.push({ ...entries[i]!.hit, match });
  }
  return out;
}
