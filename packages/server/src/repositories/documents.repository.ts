import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, DocumentRenderingsTable, DocumentVersionsTable, IssuedDocumentsTable } from '../db/schema.js';

export type DocumentRow = Selectable<IssuedDocumentsTable>;
export type VersionRow = Selectable<DocumentVersionsTable>;

/** Rows per multi-row INSERT, far below both dialects' parameter limits (18 columns). */
const BATCH = 500;

export function documentsRepository(db: Kysely<Database>) {
  return {
    /** Inserts documents and their first versions in one transaction per call. */
    async insertMany(docs: Insertable<IssuedDocumentsTable>[], versions: Insertable<DocumentVersionsTable>[]): Promise<void> {
      if (docs.length === 0) return;
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < docs.length; i += BATCH) await trx.insertInto('issued_documents').values(docs.slice(i, i + BATCH)).execute();
        for (let i = 0; i < versions.length; i += BATCH) await trx.insertInto('document_versions').values(versions.slice(i, i + BATCH)).execute();
      });
    },
    async findByUri(uri: string): Promise<DocumentRow | undefined> {
      return db.selectFrom('issued_documents').selectAll().where('uri', '=', uri).executeTakeFirst();
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
    /** A resident's documents with issuer and type names, newest first, keyset-paginated on (issued_on, id). */
    async listForResidentWithNames(residentId: string, options: { limit: number; after?: { issuedOn: string; id: string } }) {
      let q = db
        .selectFrom('issued_documents as d')
        .innerJoin('issuers as i', 'i.id', 'd.issuer_id')
        .leftJoin('document_types as t', (j) => j.onRef('t.issuer_id', '=', 'd.issuer_id').onRef('t.code', '=', 'd.doc_type'))
        .select([
          'd.id', 'd.uri', 'd.doc_type', 'd.doc_id', 'd.version', 'd.issued_on', 'd.valid_from', 'd.valid_to', 'd.status', 'd.created_at',
          'i.org_id', 'i.names as issuer_names', 't.names as type_names',
        ])
        .where('d.resident_id', '=', residentId);
      if (options.after) {
        const { issuedOn, id } = options.after;
        q = q.where((eb) => eb.or([eb('d.issued_on', '<', issuedOn), eb.and([eb('d.issued_on', '=', issuedOn), eb('d.id', '<', id)])]));
      }
      return q.orderBy('d.issued_on', 'desc').orderBy('d.id', 'desc').limit(options.limit).execute();
    },

    /** A resident's documents, newest first, keyset-paginated on (issued_on, id). */
    async listForResident(residentId: string, options: { limit: number; after?: { issuedOn: string; id: string } }): Promise<DocumentRow[]> {
      let q = db.selectFrom('issued_documents').selectAll().where('resident_id', '=', residentId);
      if (options.after) {
        const { issuedOn, id } = options.after;
        q = q.where((eb) => eb.or([eb('issued_on', '<', issuedOn), eb.and([eb('issued_on', '=', issuedOn), eb('id', '<', id)])]));
      }
      return q.orderBy('issued_on', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
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
      await db.insertInto('document_renderings').values(row).onConflict((oc) => oc.doNothing()).execute();
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
