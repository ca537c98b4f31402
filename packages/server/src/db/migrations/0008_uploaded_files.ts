import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * The resident's own drive: folders, uploaded files (each version an immutable blob), the
 * per-resident usage counter the quota is enforced on, and named leases for background jobs.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('upload_folders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('parent_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('updated_at', t.int64, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('upload_folders_parent_idx').on('upload_folders').columns(['resident_id', 'parent_id']).execute();

  await db.schema
    .createTable('uploaded_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('folder_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('doc_tag', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', t.int64, (c) => c.notNull())
    .addColumn('pages', 'integer')
    .addColumn('status', 'text', (c) => c.notNull()) // scanning | clean | refused
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('updated_at', t.int64, (c) => c.notNull())
    .addColumn('deleted_at', t.int64)
    .execute();
  await db.schema.createIndex('uploaded_files_folder_idx').on('uploaded_files').columns(['resident_id', 'folder_id', 'name']).execute();
  await db.schema.createIndex('uploaded_files_deleted_idx').on('uploaded_files').columns(['deleted_at']).execute();

  await db.schema
    .createTable('uploaded_file_versions')
    .addColumn('file_id', 'text', (c) => c.notNull().references('uploaded_files.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', t.int64, (c) => c.notNull())
    .addColumn('pages', 'integer')
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('uploaded_file_versions_pk', ['file_id', 'version'])
    .execute();
  await db.schema.createIndex('uploaded_file_versions_sha_idx').on('uploaded_file_versions').column('sha256').execute();

  await db.schema
    .createTable('upload_usage')
    .addColumn('resident_id', 'text', (c) => c.primaryKey().references('residents.id'))
    .addColumn('used_bytes', t.int64, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('lease_until', t.int64, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['job_leases', 'upload_usage', 'uploaded_file_versions', 'uploaded_files', 'upload_folders']) await db.schema.dropTable(table).execute();
}
