import { issuanceDraft, type AuditDraft } from './audit-chain.js';
import { auditLogRepository } from './audit-log.repository.js';
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { BatchWriter } from '../db/batch-writer.js';
import { preparedQuery } from '../db/prepared.js';
import type { Database, DocumentRenderingsTable, DocumentStatus, DocumentVersionsTable, IssuedDocumentsTable } from '../db/schema.js';

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

export function documentsRepository(db: Kysely<Database>, batchWriter?: BatchWriter) {
  const byUri = preparedQuery(db, (uri: string) => db.selectFrom('issued_documents').selectAll().where('uri', '=', uri));
  const summaries = () =>
    db.selectFrom('issued_documents').select(['id', 'uri', 'issuer_id', 'doc_type', 'doc_id', 'version', 'issued_on', 'valid_from', 'valid_to', 'status']);
  const firstSummaries = preparedQuery(db, (residentId: string, limit: number) =>
    summaries().where('resident_id', '=', residentId).orderBy('issued_on', 'desc').orderBy('id', 'desc').limit(limit),
  );
  // Keyset as a row-value comparison: each value bound once (as preparedQuery requires), and both
  // dialects read it straight off the (resident_id, issued_on, id) index.
  const nextSummaries = preparedQuery(db, (residentId: string, issuedOn: string, id: string, limit: number) =>
    summaries()
      .where('resident_id', '=', residentId)
      .where((eb) => eb(eb.refTuple('issued_on', 'id'), '<', eb.tuple(issuedOn, id)))
      .orderBy('issued_on', 'desc')
      .orderBy('id', 'desc')
      .limit(limit),
  );
  return {
    /**
     * Inserts the documents whose URI is not taken yet, each with its first version, in one
     * transaction with the audit entry of the URIs it inserted, if any; answers those URIs (a
     * concurrent push of the same rows may have taken others). On SQLite on a file this runs on
     * the batch writer's thread.
     */
    async insertNew(
      entries: { doc: Insertable<IssuedDocumentsTable>; version: Insertable<DocumentVersionsTable> }[],
      audit?: Omit<AuditDraft, 'target' | 'details'>,
    ): Promise<Set<string>> {
      if (entries.length === 0) return new Set();
      if (batchWriter) {
        const [changed] = await batchWriter.run(
          [
            { sql: INSERT_NEW_DOCUMENT, rows: entries.map(({ doc }) => DOCUMENT_COLUMNS.map((c) => doc[c] ?? null)) },
            // Row i is the version of document i: written only if that document was new.
            { sql: INSERT_VERSION, rows: entries.map(({ version }) => VERSION_COLUMNS.map((c) => version[c] ?? null)), gate: 0 },
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
        const versions = entries.filter(({ doc }) => inserted.has(doc.uri)).map((e) => e.version);
        for (let i = 0; i < versions.length; i += BATCH)
          await trx
            .insertInto('document_versions')
            .values(versions.slice(i, i + BATCH))
            .execute();
        if (audit && inserted.size > 0) await auditLogRepository(trx).append(issuanceDraft(audit, [...inserted]));
        return inserted;
      });
    },
    async findByUri(uri: string): Promise<DocumentRow | undefined> {
      return (await byUri(uri))[0];
    },
    async findById(id: string): Promise<DocumentRow | undefined> {
      return db.selectFrom('issued_documents').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async findExistingUris(uris: string[]): Promise<Set<string>> {
      if (uris.length === 0) return new Set();
      const rows = await db.selectFrom('issued_documents').select('uri').where('uri', 'in', uris).execute();
      return new Set(rows.map((r) => r.uri));
    },
    async update(id: string, patch: Updateable<IssuedDocumentsTable>): Promise<void> {
      await db.updateTable('issued_documents').set(patch).where('id', '=', id).execute();
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
      return after ? nextSummaries(residentId, after.issuedOn, after.id, limit) : firstSummaries(residentId, limit);
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
     * One issuer's documents, newest first, keyset-paginated on (issued_on, id). `text` matches
     * the URI or document number exactly, or any part of the holder's name (case-insensitive);
     * `holder` adds the documents of a resolved holder (their locker, or held for their lookup).
     */
    async searchForIssuer(
      issuerId: string,
      filter: {
        text?: string;
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
      const { text, holder, after } = filter;
      if (text) {
        const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q = q.where((eb) =>
          eb.or([
            eb('uri', '=', text),
            eb('doc_id', '=', text),
            eb(sql<string>`lower(holder_name)`, 'like', sql<string>`${pattern} escape '\\'`),
            ...(holder?.residentId ? [eb('resident_id', '=', holder.residentId)] : []),
            ...(holder?.holderLookup ? [eb('holder_lookup', '=', holder.holderLookup)] : []),
          ]),
        );
      }
      if (after) q = q.where((eb) => eb(eb.refTuple('issued_on', 'id'), '<', eb.tuple(after.issuedOn, after.id)));
      return q.orderBy('issued_on', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
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
