import { issuanceDraft, type AuditDraft } from './audit-chain.js';
import { auditLogRepository } from './audit-log.repository.js';
import { type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { BatchWriter } from '../db/batch-writer.js';
import { preparedQuery } from '../db/prepared.js';
import type { Database, DocumentRenderingsTable, DocumentStatus, DocumentVersionsTable, IssuedDocumentsTable } from '../db/schema.js';
import { clearStatusTerms, COPY_STATUSES, copyStatusTerms, setStatusTerms } from './status-terms.js';

export type DocumentRow = Selectable<IssuedDocumentsTable>;
export type VersionRow = Selectable<DocumentVersionsTable>;

/** Rows per multi-row INSERT, far below both dialects' parameter limits (20 columns). */
const BATCH = 500;

/** Every column of a new document and of its version, in the order the batch writer binds them. */
const DOCUMENT_COLUMNS = Object.keys({
  id: 0,
  uri: 0,
  issuer_id: 0,
  doc_type: 0,
  doc_id: 0,
  version: 0,
  resident_id: 0,
  holder_lookup: 0,
  holder_name: 0,
  issued_on: 0,
  valid_from: 0,
  valid_to: 0,
  status: 0,
  status_reason: 0,
  status_changed_at: 0,
  verification_code: 0,
  created_at: 0,
  updated_at: 0,
  status_list_id: 0,
  status_index: 0,
} satisfies Record<keyof IssuedDocumentsTable, 0>) as (keyof IssuedDocumentsTable)[];
const VERSION_COLUMNS = Object.keys({ document_id: 0, version: 0, kid: 0, credential: 0, created_at: 0 } satisfies Record<
  keyof DocumentVersionsTable,
  0
>) as (keyof DocumentVersionsTable)[];
const INSERT_NEW_DOCUMENT = `insert into issued_documents (${DOCUMENT_COLUMNS.join(', ')}) values (${DOCUMENT_COLUMNS.map(() => '?').join(', ')}) on conflict (uri) do nothing`;
const INSERT_VERSION = `insert into document_versions (${VERSION_COLUMNS.join(', ')}) values (${VERSION_COLUMNS.map(() => '?').join(', ')})`;
// A term row only for a document this batch inserted: one whose URI was taken has another id.
// (Documents are issued active: none has a status copy of its terms yet.)
const INSERT_TERM = `insert into issued_document_terms (issuer_id, term, issued_on, document_id) select issuer_id, ?, issued_on, id from issued_documents where id = ?`;
/** A term row found, as a page of name or number matches lists it. */
interface TermHit {
  document_id: string;
  issued_on: string;
  term: string;
}
/**
 * A name search reads every document of its rarest word, then sorts them, when that word begins
 * fewer term rows than this and fewer than the word that orders the page.
 */
const RANGE_CAP = 5000;

/** Just above every term that starts with `prefix` (both dialects compare terms byte by byte). */
const prefixEnd = (prefix: string): string => `${prefix}\u{10FFFF}`;

/** Filters and page size shared by the staff searches. */
export interface SearchPage {
  docType?: string;
  status?: DocumentStatus;
  limit: number;
}
/** Where a page of name matches ends: the word matched, then newest first within it. */
export interface NameCursor {
  term: string;
  issuedOn: string;
  id: string;
}

const byUri = preparedQuery((db, uri: string) => db.selectFrom('issued_documents').selectAll().where('uri', '=', uri));
const SUMMARY_COLUMNS = ['id', 'uri', 'issuer_id', 'doc_type', 'doc_id', 'version', 'issued_on', 'valid_from', 'valid_to', 'status'] as const;
const summariesOf = (db: Kysely<Database>) => db.selectFrom('issued_documents').select(SUMMARY_COLUMNS);
const firstSummaries = preparedQuery((db, residentId: string, limit: number) =>
  summariesOf(db).where('resident_id', '=', residentId).orderBy('issued_on', 'desc').orderBy('id', 'desc').limit(limit),
);
// Keyset as a row-value comparison: each value bound once (as preparedQuery requires), and both
// dialects read it straight off the (resident_id, issued_on, id) index.
const nextSummaries = preparedQuery((db, residentId: string, issuedOn: string, id: string, limit: number) =>
  summariesOf(db)
    .where('resident_id', '=', residentId)
    .where((eb) => eb(eb.refTuple('issued_on', 'id'), '<', eb.tuple(issuedOn, id)))
    .orderBy('issued_on', 'desc')
    .orderBy('id', 'desc')
    .limit(limit),
);
const summariesByUris = preparedQuery((db, uris: readonly string[]) =>
  summariesOf(db).select('resident_id').where('uri', 'in', uris).orderBy('issued_on', 'desc').orderBy('id', 'desc'),
);

export function documentsRepository(db: Kysely<Database>, batchWriter?: BatchWriter) {
  const allTerms = (issuerId: string) =>
    db.selectFrom('issued_document_terms as t').select(['t.document_id', 't.issued_on', 't.term']).where('t.issuer_id', '=', issuerId);
  /**
   * The term rows a page reads, in the order of their index: (issuer, term, issued_on desc,
   * document desc). For a page of every status, and of active ones, the terms (`activeOnly` then
   * leaves out the others). For revoked or suspended ones, the status copy of the terms of
   * documents that are not active, whose index has the status second: one range. A type filter is
   * one look-up of the document per row read.
   */
  const termRows = (issuerId: string, status: DocumentStatus | undefined, docType: string | undefined) => {
    const q =
      status === undefined || status === 'active'
        ? allTerms(issuerId)
        : // The same columns, so the same query shape whichever table it reads.
          (db
            .selectFrom('issued_document_status_terms as t')
            .select(['t.document_id', 't.issued_on', 't.term'])
            .where('t.issuer_id', '=', issuerId)
            .where('t.status', '=', status) as unknown as ReturnType<typeof allTerms>);
    return docType === undefined
      ? q
      : q.where((eb) =>
          eb.exists(eb.selectFrom('issued_documents as f').select('f.id').whereRef('f.id', '=', 't.document_id').where('f.doc_type', '=', docType)),
        );
  };
  type TermRows = ReturnType<typeof termRows>;
  /**
   * For a page of active documents, the term rows without a status copy: a copy row is its term
   * row with the status, so one look-up of the row's own key per status per row read (most are of
   * active documents). Applied after the other words' checks, which most rows fail.
   */
  const activeOnly = (page: SearchPage) => (q: TermRows) =>
    page.status === 'active'
      ? q.where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('issued_document_status_terms as n')
                .select('n.document_id')
                .whereRef('n.issuer_id', '=', 't.issuer_id')
                .where('n.status', 'in', COPY_STATUSES)
                .whereRef('n.term', '=', 't.term')
                .whereRef('n.issued_on', '=', 't.issued_on')
                .whereRef('n.document_id', '=', 't.document_id'),
            ),
          ),
        )
      : q;
  /** The first `limit` term rows of a page in index order (term, then newest first), narrowed by `rows`. */
  const inIndexOrder = (issuerId: string, page: SearchPage, rows: (q: TermRows) => TermRows, limit: number): Promise<TermHit[]> =>
    activeOnly(page)(rows(termRows(issuerId, page.status, page.docType)))
      .orderBy('t.term')
      .orderBy('t.issued_on', 'desc')
      .orderBy('t.document_id', 'desc')
      .limit(limit)
      .execute();
  /** How many term rows a page could read begin with `word`, counted up to `RANGE_CAP` (for active ones, those of every status). */
  const rangeSize = async (issuerId: string, page: SearchPage, word: string): Promise<number> => {
    const range = termRows(issuerId, page.status === 'active' ? undefined : page.status, undefined)
      .clearSelect()
      .select('t.document_id')
      .where('t.term', '>=', word)
      .where('t.term', '<', prefixEnd(word))
      .limit(RANGE_CAP);
    const { n } = await db
      .selectFrom(range.as('r'))
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  };
  /** The documents of these term rows, in their order. */
  const documentsOf = async (hits: { document_id: string; term: string }[]) => {
    if (hits.length === 0) return [];
    const rows = await db
      .selectFrom('issued_documents')
      .selectAll()
      .where(
        'id',
        'in',
        hits.map((h) => h.document_id),
      )
      .execute();
    const byId = new Map(rows.map((d) => [d.id, d]));
    return hits.flatMap((h) => {
      const doc = byId.get(h.document_id);
      return doc ? [{ doc, term: h.term }] : [];
    });
  };
  return {
    /**
     * Inserts the documents whose URI is not taken yet, each with its first version, in one
     * transaction with the audit entry of the URIs it inserted, if any; answers those URIs (a
     * concurrent push of the same rows may have taken others). On SQLite on a file this runs on
     * the batch writer's thread.
     */
    async insertNew(
      entries: { doc: Insertable<IssuedDocumentsTable>; version: Insertable<DocumentVersionsTable>; terms: string[] }[],
      audit?: Omit<AuditDraft, 'target' | 'details'>,
    ): Promise<Set<string>> {
      if (entries.length === 0) return new Set();
      if (batchWriter) {
        const [changed] = await batchWriter.run(
          [
            { sql: INSERT_NEW_DOCUMENT, rows: entries.map(({ doc }) => DOCUMENT_COLUMNS.map((c) => doc[c] ?? null)) },
            // Row i is the version of document i: written only if that document was new.
            { sql: INSERT_VERSION, rows: entries.map(({ version }) => VERSION_COLUMNS.map((c) => version[c] ?? null)), gate: 0 },
            // A term row finds its document by id: none for a document the batch did not insert.
            { sql: INSERT_TERM, rows: entries.flatMap(({ doc, terms }) => terms.map((term) => [term, doc.id])) },
          ],
          audit && { draft: audit, step: 0, keys: entries.map(({ doc }) => doc.uri) },
        );
        return new Set(entries.filter((_, i) => changed![i] === 1).map(({ doc }) => doc.uri));
      }
      return db.transaction().execute(async (trx) => {
        const inserted = new Set<string>();
        for (let i = 0; i < entries.length; i += BATCH) {
          const docs = entries.slice(i, i + BATCH).map((e) => e.doc);
          const rows = await trx
            .insertInto('issued_documents')
            .values(docs)
            .onConflict((oc) => oc.column('uri').doNothing())
            .returning('uri')
            .execute();
          for (const r of rows) inserted.add(r.uri);
        }
        const fresh = entries.filter(({ doc }) => inserted.has(doc.uri));
        const versions = fresh.map((e) => e.version);
        for (let i = 0; i < versions.length; i += BATCH)
          await trx
            .insertInto('document_versions')
            .values(versions.slice(i, i + BATCH))
            .execute();
        const terms = fresh.flatMap(({ doc, terms }) =>
          terms.map((term) => ({ issuer_id: doc.issuer_id, term, issued_on: doc.issued_on, document_id: doc.id })),
        );
        for (let i = 0; i < terms.length; i += BATCH)
          await trx
            .insertInto('issued_document_terms')
            .values(terms.slice(i, i + BATCH))
            .execute();
        if (audit && inserted.size > 0) await auditLogRepository(trx).append(issuanceDraft(audit, [...inserted]));
        return inserted;
      });
    },
    async findByUri(uri: string): Promise<DocumentRow | undefined> {
      return (await byUri(db, uri))[0];
    },
    async findById(id: string): Promise<DocumentRow | undefined> {
      return db.selectFrom('issued_documents').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async findExistingUris(uris: string[]): Promise<Set<string>> {
      if (uris.length === 0) return new Set();
      const rows = await db.selectFrom('issued_documents').select('uri').where('uri', 'in', uris).execute();
      return new Set(rows.map((r) => r.uri));
    },
    /** Anything but the status, which its search terms keep too: `changeStatus`. */
    async update(id: string, patch: Omit<Updateable<IssuedDocumentsTable>, 'status'>): Promise<void> {
      await db.updateTable('issued_documents').set(patch).where('id', '=', id).execute();
    },
    /** A document's status, with its reason, in the document and in the status copy of its search terms (call in a transaction). */
    async changeStatus(id: string, change: { status: DocumentStatus; reason: string | null; at: number }): Promise<void> {
      await db
        .updateTable('issued_documents')
        .set({ status: change.status, status_reason: change.reason, status_changed_at: change.at, updated_at: change.at })
        .where('id', '=', id)
        .execute();
      await setStatusTerms(db, [id], change.status);
    },
    /**
     * A document's search terms after an update (its name, fields or issue date changed), and
     * their status copy. Call in the update's transaction after updating the document: its status
     * is read from the row then locked, so a status change at the same moment is never lost.
     */
    async replaceTerms(doc: { id: string; issuerId: string; issuedOn: string }, terms: string[]): Promise<void> {
      // The old copy is found by the old terms' keys: it goes first.
      await clearStatusTerms(db, [doc.id]);
      await db.deleteFrom('issued_document_terms').where('document_id', '=', doc.id).execute();
      if (terms.length > 0)
        await db
          .insertInto('issued_document_terms')
          .values(terms.map((term) => ({ issuer_id: doc.issuerId, term, issued_on: doc.issuedOn, document_id: doc.id })))
          .execute();
      const { status } = await db.selectFrom('issued_documents').select('status').where('id', '=', doc.id).executeTakeFirstOrThrow();
      await copyStatusTerms(db, [doc.id], status);
    },
    async insertVersion(row: Insertable<DocumentVersionsTable>): Promise<void> {
      await db.insertInto('document_versions').values(row).execute();
    },
    async findVersion(documentId: string, version: number): Promise<VersionRow | undefined> {
      return db.selectFrom('document_versions').selectAll().where('document_id', '=', documentId).where('version', '=', version).executeTakeFirst();
    },
    /** What a resident's listing shows of each document, newest first, keyset-paginated on (issued_on, id). */
    async listSummariesForResident(residentId: string, options: { limit: number; after?: { issuedOn: string; id: string } }) {
      const { limit, after } = options;
      return after ? nextSummaries(db, residentId, after.issuedOn, after.id, limit) : firstSummaries(db, residentId, limit);
    },

    /**
     * The resident's documents among these URIs, in the listing's order (newest first): what a
     * consent covers (at most 100 URIs), read by the URI index instead of paging the listing.
     * The holder is checked here, not in the WHERE: given both, SQLite walks all the resident's
     * documents by the resident index (it matches the ORDER BY) instead.
     */
    async summariesByUris(residentId: string, uris: string[]) {
      if (uris.length === 0) return [];
      const rows = await summariesByUris(db, uris);
      return rows.filter((r) => r.resident_id === residentId).map(({ resident_id: _, ...summary }) => summary);
    },

    /** Gives documents held for these lookups (HMACs of an Aadhaar number or mobile) to the resident. */
    async claimHeld(residentId: string, lookups: string[], now: number): Promise<number> {
      if (lookups.length === 0) return 0;
      const r = await db
        .updateTable('issued_documents')
        .set({ resident_id: residentId, holder_lookup: null, updated_at: now })
        .where('resident_id', 'is', null)
        .where('holder_lookup', 'in', lookups)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    /** A deleted account's issued documents wait for whoever holds its Aadhaar next (`lookup`). */
    async holdForLookup(residentId: string, lookup: string, now: number): Promise<number> {
      const r = await db
        .updateTable('issued_documents')
        .set({ resident_id: null, holder_lookup: lookup, updated_at: now })
        .where('resident_id', '=', residentId)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    /** Moves one document to `to` if it is still where the caller saw it (a holder, or held for a lookup). */
    async moveTo(id: string, from: { residentId: string | null; holderLookup: string | null }, to: string, now: number): Promise<boolean> {
      let q = db.updateTable('issued_documents').set({ resident_id: to, holder_lookup: null, updated_at: now }).where('id', '=', id);
      q = from.residentId === null ? q.where('resident_id', 'is', null) : q.where('resident_id', '=', from.residentId);
      q = from.holderLookup === null ? q.where('holder_lookup', 'is', null) : q.where('holder_lookup', '=', from.holderLookup);
      return Number((await q.executeTakeFirst()).numUpdatedRows) === 1;
    },
    async findRendering(documentId: string, version: number, kind: 'pdf' | 'xml', status: string): Promise<Selectable<DocumentRenderingsTable> | undefined> {
      return db
        .selectFrom('document_renderings')
        .selectAll()
        .where('document_id', '=', documentId)
        .where('version', '=', version)
        .where('kind', '=', kind)
        .where('status', '=', status)
        .executeTakeFirst();
    },
    async findRenderingBySha(sha256: string): Promise<Selectable<DocumentRenderingsTable> | undefined> {
      return db.selectFrom('document_renderings').selectAll().where('sha256', '=', sha256).executeTakeFirst();
    },
    async insertRendering(row: Insertable<DocumentRenderingsTable>): Promise<void> {
      await db
        .insertInto('document_renderings')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    /**
     * One issuer's documents, newest first, keyset-paginated on (issued_on, id): by URI, for a
     * resolved holder (their locker, or held for their lookup), or all of them (the filters only).
     */
    async searchForIssuer(
      issuerId: string,
      filter: {
        uri?: string;
        holder?: { residentId: string | null; holderLookup: string | null };
        docType?: string;
        status?: DocumentStatus;
        limit: number;
        after?: { issuedOn: string; id: string };
      },
    ): Promise<DocumentRow[]> {
      let q = db.selectFrom('issued_documents').selectAll().where('issuer_id', '=', issuerId);
      if (filter.docType) q = q.where('doc_type', '=', filter.docType);
      if (filter.status) q = q.where('status', '=', filter.status);
      const { uri, holder, after } = filter;
      if (uri) q = q.where('uri', '=', uri);
      if (holder) {
        const { residentId, holderLookup } = holder;
        if (!residentId && !holderLookup) return [];
        q = q.where((eb) =>
          eb.or([...(residentId ? [eb('resident_id', '=', residentId)] : []), ...(holderLookup ? [eb('holder_lookup', '=', holderLookup)] : [])]),
        );
      }
      if (after) q = q.where((eb) => eb(eb.refTuple('issued_on', 'id'), '<', eb.tuple(after.issuedOn, after.id)));
      return q.orderBy('issued_on', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    },
    /** One issuer's documents with this identifier term (`#` and a record number), newest first. */
    async searchIdentifierForIssuer(
      issuerId: string,
      identifier: string,
      page: SearchPage & { after?: { issuedOn: string; id: string } },
    ): Promise<DocumentRow[]> {
      const { after } = page;
      const hits = await inIndexOrder(
        issuerId,
        page,
        (q) => {
          const m = q.where('t.term', '=', identifier);
          return after ? m.where((eb) => eb(eb.refTuple('t.issued_on', 't.document_id'), '<', eb.tuple(after.issuedOn, after.id))) : m;
        },
        page.limit,
      );
      return (await documentsOf(hits)).map((h) => h.doc);
    },
    /**
     * One issuer's documents whose holder's name has a word beginning with each of `words`, in
     * the order of the (issuer, term, issued_on desc, document desc) index: by the word
     * the longest prefix matched, newest first within it. Reading in index order, a page reads
     * about as many entries as it returns however common the name; each other word (and a type
     * filter) is one look-up per entry read. When another word is rare ("ramesh pate": a few
     * thousand "pate…" rows against tens of thousands of "ramesh"), reading in order could read
     * every "ramesh" to fill a page: then every document of the rare word is read and sorted.
     */
    async searchNamesForIssuer(
      issuerId: string,
      words: string[],
      page: SearchPage & { after?: NameCursor },
    ): Promise<(DocumentRow & { matched_term: string })[]> {
      const [first, ...others] = [...words].sort((a, b) => b.length - a.length);
      if (!first) return [];
      /** Among a word's term rows, each document once: under the first of its terms that begins with the word. */
      const onceFor = (word: string) => (q: TermRows) =>
        q.where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('issued_document_terms as s')
                .select('s.document_id')
                .whereRef('s.document_id', '=', 't.document_id')
                .where('s.term', '>=', word)
                .whereRef('s.term', '<', 't.term'),
            ),
          ),
        );
      /** Term rows whose document has a word beginning with each of `words`. */
      const withWords = (q: TermRows, words: string[]) =>
        words.reduce(
          (m, w) =>
            m.where((eb) =>
              eb.exists(
                eb
                  .selectFrom('issued_document_terms as u')
                  .select('u.document_id')
                  .whereRef('u.document_id', '=', 't.document_id')
                  .where('u.term', '>=', w)
                  .where('u.term', '<', prefixEnd(w)),
              ),
            ),
          q,
        );
      const { after } = page;
      const sizes = others.length > 0 ? await Promise.all([first, ...others].map((w) => rangeSize(issuerId, page, w))) : [];
      const rarest = sizes.indexOf(Math.min(...sizes));
      let hits: TermHit[];
      if (rarest > 0 && sizes[rarest]! < RANGE_CAP) {
        const driver = [first, ...others][rarest]!;
        const candidates = onceFor(driver)(
          activeOnly(page)(
            withWords(
              termRows(issuerId, page.status, page.docType).where('t.term', '>=', driver).where('t.term', '<', prefixEnd(driver)),
              others.filter((w) => w !== driver),
            ),
          ),
        ).select((eb) =>
          eb
            .selectFrom('issued_document_terms as f')
            .select((e) => e.fn.min('f.term').as('m'))
            .whereRef('f.document_id', '=', 't.document_id')
            .where('f.term', '>=', first)
            .where('f.term', '<', prefixEnd(first))
            .as('first_term'),
        );
        hits = await db
          .selectFrom(candidates.as('c'))
          .select(['c.document_id', 'c.issued_on', 'c.first_term as term'])
          .where('c.first_term', 'is not', null)
          .$if(after !== undefined, (q) =>
            q.where((eb) =>
              eb.or([
                eb('c.first_term', '>', after!.term),
                eb.and([eb('c.first_term', '=', after!.term), eb(eb.refTuple('c.issued_on', 'c.document_id'), '<', eb.tuple(after!.issuedOn, after!.id))]),
              ]),
            ),
          )
          .orderBy('c.first_term')
          .orderBy('c.issued_on', 'desc')
          .orderBy('c.document_id', 'desc')
          .limit(page.limit)
          .$narrowType<{ term: string }>()
          .execute();
      } else {
        // A name with two words that begin alike ("Ravi Ravindra") is listed under the first. The
        // other words are checked before that: most entries fail them, one look-up instead of two.
        const matches = (part: (q: TermRows) => TermRows) => (q: TermRows) => onceFor(first)(withWords(part(q), others));
        // After a cursor: the rest of its word, then the words after it, each a plain index range
        // read in order. (Within one word the cursor leaves the term out of the range: with it,
        // SQLite with statistics chose a skip-scan and sorted the whole word.)
        hits = await inIndexOrder(
          issuerId,
          page,
          matches((q) =>
            after
              ? q.where('t.term', '=', after.term).where((eb) => eb(eb.refTuple('t.issued_on', 't.document_id'), '<', eb.tuple(after.issuedOn, after.id)))
              : q.where('t.term', '>=', first).where('t.term', '<', prefixEnd(first)),
          ),
          page.limit,
        );
        if (after && hits.length < page.limit)
          hits = hits.concat(
            await inIndexOrder(
              issuerId,
              page,
              matches((q) => q.where('t.term', '>', after.term).where('t.term', '<', prefixEnd(first))),
              page.limit - hits.length,
            ),
          );
      }
      return (await documentsOf(hits)).map(({ doc, term }) => ({ ...doc, matched_term: term }));
    },
    async countForIssuer(issuerId: string): Promise<{ status: string; n: number }[]> {
      const rows = await db
        .selectFrom('issued_documents')
        .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('issuer_id', '=', issuerId)
        .groupBy('status')
        .execute();
      return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
    },
  };
}

export type DocumentsRepository = ReturnType<typeof documentsRepository>;
