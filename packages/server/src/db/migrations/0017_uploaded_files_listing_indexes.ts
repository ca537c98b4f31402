import { sql, type Kysely } from 'kysely';

/**
 * A folder of the drive is listed a page at a time in one of three orders (date, name, size),
 * each page continuing after the last row of the one before (keyset, ties broken by id). One
 * index per order over the live files only (the bin is a few files; binned rows stay out of
 * these), led by resident and folder, so a page of a folder of 10,000 files reads its page and
 * no more. They replace 0008's (resident_id, folder_id, name), which the name order covers.
 */
const LIVE: [index: string, column: string][] = [
  ['uploaded_files_live_date_idx', 'created_at'],
  ['uploaded_files_live_name_idx', 'name'],
  ['uploaded_files_live_size_idx', 'size_bytes'],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [index, column] of LIVE) {
    await db.schema
      .createIndex(index)
      .on('uploaded_files')
      .columns(['resident_id', 'folder_id', column, 'id'])
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();
  }
  await db.schema
    .createIndex('uploaded_files_binned_idx')
    .on('uploaded_files')
    .columns(['resident_id', 'deleted_at'])
    .where(sql.ref('deleted_at'), 'is not', null)
    .execute();
  await db.schema.dropIndex('uploaded_files_folder_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('uploaded_files_folder_idx').on('uploaded_files').columns(['resident_id', 'folder_id', 'name']).execute();
  for (const name of ['uploaded_files_binned_idx', 'uploaded_files_live_size_idx', 'uploaded_files_live_name_idx', 'uploaded_files_live_date_idx'])
    await db.schema.dropIndex(name).execute();
}
