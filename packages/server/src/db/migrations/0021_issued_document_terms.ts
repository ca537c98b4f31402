import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Issuer staff find documents by the holder's name (each word by its beginning, in any script)
 * or by a number that identifies the record (matched whole): one row per (document, term), read
 * through the index (issuer, term, issued_on desc, document desc) as a range for a name prefix
 * or one key for a number, in the order a page lists them. The same B-tree in both dialects,
 * scoped to one issuer, so a page reads about as many entries as it shows, however many
 * documents the issuer has. On
 * PostgreSQL the term is compared byte by byte (COLLATE "C"), as SQLite does, so a prefix is a
 * contiguous range in every locale. Existing documents are backfilled from their current signed
 * version (name, name in the local script, fields). Also an index (issuer, issued_on, id) for
 * listing one issuer's documents newest first, which read the whole table before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { postgres } = columnTypes(db);
  await db.schema
    .createTable('issued_document_terms')
    .addColumn('issuer_id', 'text', (c) => c.notNull())
    .addColumn('term', 'text', (c) => (postgres ? c.notNull().modifyEnd(sql`collate "C"`) : c.notNull()))
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .execute();
  // In the order a page is read: by term, newest first within it.
  await db.schema
    .createIndex('issued_document_terms_idx')
    .unique()
    .on('issued_document_terms')
    .columns(['issuer_id', 'term', 'issued_on desc', 'document_id desc'])
    .execute();
  // A second word of the query is checked per candidate; an update replaces a document's terms.
  await db.schema.createIndex('issued_document_terms_document_idx').on('issued_document_terms').columns(['document_id', 'term']).execute();
  // Staff listing of one issuer's documents (no text, or by URI), newest first.
  await db.schema.createIndex('issued_documents_issuer_idx').on('issued_documents').columns(['issuer_id', 'issued_on', 'id']).execute();
  await backfill(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('issued_documents_issuer_idx').execute();
  await db.schema.dropTable('issued_document_terms').execute();
}

const BATCH = 1000;

async function backfill(db: Kysely<any>): Promise<void> {
  let after = '';
  for (;;) {
    const docs: { id: string; issuer_id: string; doc_id: string; holder_name: string; issued_on: string; credential: string | null }[] = await db
      .selectFrom('issued_documents as d')
      .leftJoin('document_versions as v', (j) => j.onRef('v.document_id', '=', 'd.id').onRef('v.version', '=', 'd.version'))
      .select(['d.id', 'd.issuer_id', 'd.doc_id', 'd.holder_name', 'd.issued_on', 'v.credential'])
      .where('d.id', '>', after)
      .orderBy('d.id')
      .limit(BATCH)
      .execute();
    if (docs.length === 0) return;
    const rows = docs.flatMap((d) => {
      const subject = credentialSubject(d.credential);
      return terms(d.doc_id, d.holder_name, subject.nameLocal, subject.fields).map((term) => ({
        issuer_id: d.issuer_id,
        term,
        issued_on: d.issued_on,
        document_id: d.id,
      }));
    });
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('issued_document_terms')
        .values(rows.slice(i, i + 500))
        .execute();
    after = docs.at(-1)!.id;
  }
}

/** The holder's local-script name and the fields, from the payload of a compact JWS credential. */
function credentialSubject(jws: string | null): { nameLocal: string; fields: Record<string, string> } {
  try {
    const payload = JSON.parse(Buffer.from(jws!.split('.')[1]!, 'base64url').toString('utf8'));
    const s = payload.credentialSubject ?? {};
    const fields = s.fields && typeof s.fields === 'object' ? s.fields : {};
    return {
      nameLocal: typeof s.holder?.nameLocal === 'string' ? s.holder.nameLocal : '',
      fields: Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string')),
    };
  } catch {
    return { nameLocal: '', fields: {} };
  }
}

// Frozen copy of domain/documents/search-terms.ts as of this migration.
function terms(docId: string, name: string, nameLocal: string, fields: Record<string, string>): string[] {
  const words = (text: string) =>
    text
      .normalize('NFKC')
      .replace(/\p{Cf}/gu, '')
      .toLowerCase()
      .split(/[^\p{L}\p{M}\p{N}]+/u)
      .filter((w) => w.length > 0)
      .map((w) => w.slice(0, 64));
  const out = new Set<string>([...words(name), ...words(nameLocal)].slice(0, 16));
  const docKey = docId.replace(/[\s./-]+/g, '').toLowerCase();
  if (docKey) out.add(`#${docKey.slice(0, 64)}`);
  for (const value of Object.values(fields)) {
    const text = value.normalize('NFKC').trim();
    if (text.split(/\s+/).length > 4) continue;
    const key = text.replace(/[\s./-]+/g, '').toLowerCase();
    if (key.length >= 3 && key.length <= 64 && /^[\p{L}\p{N}]+$/u.test(key) && (key.match(/\p{N}/gu)?.length ?? 0) >= 3) out.add(`#${key}`);
  }
  return [...out];
}
