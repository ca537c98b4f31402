import { sql, type Kysely } from 'kysely';
import type { Database, UploadedFilesTable, UploadedFileVersionsTable, UploadFoldersTable } from '../db/schema.js';

export type UploadFolderRow = UploadFoldersTable;
export type UploadedFileRow = UploadedFilesTable;

export interface FileQuery {
  residentId: string;
  /** undefined: every folder (search); null: the top level. */
  folderId?: string | null;
  bin: boolean;
  /** Lower-case text to find in the name or description, or tags whose names match it. */
  text?: { pattern: string; tags: string[] };
  tag?: string;
  sort: 'name' | 'date' | 'size';
  order: 'asc' | 'desc';
  /** Continue after this row of the previous page: its value in the sort column, then its id. */
  after?: { value: string | number; id: string };
  limit: number;
}

/** The column each order sorts on (ties broken by id); the keyset a page continues from. */
export const SORT_COLUMNS = { name: 'name', date: 'created_at', size: 'size_bytes' } as const;

/** Kysely only: the drive's folders, files, versions and the per-resident usage counter. */
export function uploadsRepository(db: Kysely<Database>) {
  return {
    async insertFolder(row: UploadFolderRow): Promise<void> {
      await db.insertInto('upload_folders').values(row).execute();
    },
    async findFolder(id: string): Promise<UploadFolderRow | undefined> {
      return db.selectFrom('upload_folders').selectAll().where('id', '=', id).executeTakeFirst();
    },
    /** Every folder of a resident (a few hundred at most): the tree is walked in memory. */
    async listAllFolders(residentId: string): Promise<UploadFolderRow[]> {
      return db.selectFrom('upload_folders').selectAll().where('resident_id', '=', residentId).orderBy('name').execute();
    },
    async updateFolder(id: string, patch: Partial<Pick<UploadFolderRow, 'name' | 'parent_id' | 'updated_at'>>): Promise<void> {
      await db.updateTable('upload_folders').set(patch).where('id', '=', id).execute();
    },
    async deleteFolders(ids: string[]): Promise<void> {
      if (ids.length > 0) await db.deleteFrom('upload_folders').where('id', 'in', ids).execute();
    },

    async insertFile(row: UploadedFileRow, version: UploadedFileVersionsTable): Promise<void> {
      await db.insertInto('uploaded_files').values(row).execute();
      await db.insertInto('uploaded_file_versions').values(version).execute();
    },
    async findFile(id: string): Promise<UploadedFileRow | undefined> {
      return db.selectFrom('uploaded_files').selectAll().where('id', '=', id).executeTakeFirst();
    },
    /** A resident's files among `ids` (another resident's, or one deleted for good, is left out), in no order. */
    async findFiles(residentId: string, ids: string[]): Promise<UploadedFileRow[]> {
      const out: UploadedFileRow[] = [];
      for (let i = 0; i < ids.length; i += 500)
        out.push(
          ...(await db
            .selectFrom('uploaded_files')
            .selectAll()
            .where('resident_id', '=', residentId)
            .where('id', 'in', ids.slice(i, i + 500))
            .execute()),
        );
      return out;
    },
    async updateFile(
      id: string,
      patch: Partial<Pick<UploadedFileRow, 'name' | 'description' | 'doc_tag' | 'folder_id' | 'status' | 'updated_at' | 'deleted_at'>>,
    ): Promise<void> {
      await db.updateTable('uploaded_files').set(patch).where('id', '=', id).execute();
    },
    async listFiles(q: FileQuery): Promise<UploadedFileRow[]> {
      let query = db.selectFrom('uploaded_files').selectAll().where('resident_id', '=', q.residentId);
      query = q.bin ? query.where('deleted_at', 'is not', null) : query.where('deleted_at', 'is', null);
      if (q.folderId !== undefined) query = q.folderId === null ? query.where('folder_id', 'is', null) : query.where('folder_id', '=', q.folderId);
      if (q.tag) query = query.where('doc_tag', '=', q.tag);
      if (q.text) {
        const { pattern, tags } = q.text;
        query = query.where((eb) =>
          eb.or([
            eb(sql`lower(name)`, 'like', sql`${pattern} escape '!'`),
            eb(sql`lower(description)`, 'like', sql`${pattern} escape '!'`),
            ...(tags.length > 0 ? [eb('doc_tag', 'in', tags)] : []),
          ]),
        );
      }
      const column = SORT_COLUMNS[q.sort];
      if (q.after) {
        const { value, id } = q.after;
        query = query.where((eb) => eb(eb.refTuple(column, 'id'), q.order === 'asc' ? '>' : '<', eb.tuple(value, id)));
      }
      return query.orderBy(column, q.order).orderBy('id', q.order).limit(q.limit).execute();
    },
    /** Moves every live file in these folders to the bin. */
    async binFilesIn(residentId: string, folderIds: string[], now: number): Promise<UploadedFileRow[]> {
      if (folderIds.length === 0) return [];
      const rows = await db
        .selectFrom('uploaded_files')
        .selectAll()
        .where('resident_id', '=', residentId)
        .where('folder_id', 'in', folderIds)
        .where('deleted_at', 'is', null)
        .execute();
      if (rows.length > 0) {
        await db
          .updateTable('uploaded_files')
          .set({ deleted_at: now, updated_at: now })
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
      }
      return rows;
    },
    async findBinnedBefore(before: number, limit: number): Promise<UploadedFileRow[]> {
      return db.selectFrom('uploaded_files').selectAll().where('deleted_at', '<', before).orderBy('deleted_at').limit(limit).execute();
    },
    /** Files left "scanning" since before `before` (the scanner was down, or the process died). */
    async findUnscanned(before: number, limit: number): Promise<UploadedFileRow[]> {
      return db.selectFrom('uploaded_files').selectAll().where('status', '=', 'scanning').where('updated_at', '<', before).limit(limit).execute();
    },
    /** Deletes the file and its versions; returns each version's blob and the bytes they counted. */
    async deleteFile(id: string): Promise<{ sha256s: string[]; bytes: number } | null> {
      const versions = await db.selectFrom('uploaded_file_versions').select(['sha256', 'size_bytes']).where('file_id', '=', id).execute();
      await db.deleteFrom('uploaded_file_versions').where('file_id', '=', id).execute();
      const res = await db.deleteFrom('uploaded_files').where('id', '=', id).executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) return null;
      return { sha256s: versions.map((v) => v.sha256), bytes: versions.reduce((sum, v) => sum + Number(v.size_bytes), 0) };
    },
    async findVersion(fileId: string, version: number): Promise<UploadedFileVersionsTable | undefined> {
      return db.selectFrom('uploaded_file_versions').selectAll().where('file_id', '=', fileId).where('version', '=', version).executeTakeFirst();
    },
    async countVersionsOf(sha256: string): Promise<number> {
      const row = await db
        .selectFrom('uploaded_file_versions')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('sha256', '=', sha256)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async usedBytes(residentId: string): Promise<number> {
      const row = await db.selectFrom('upload_usage').select('used_bytes').where('resident_id', '=', residentId).executeTakeFirst();
      return Number(row?.used_bytes ?? 0);
    },
    /**
     * Adds `bytes` to the resident's usage only if the total stays within `quota`: one
     * conditional UPDATE, atomic in both databases, so parallel uploads cannot overshoot.
     */
    async reserve(residentId: string, bytes: number, quota: number): Promise<boolean> {
      await db
        .insertInto('upload_usage')
        .values({ resident_id: residentId, used_bytes: 0 })
        .onConflict((oc) => oc.column('resident_id').doNothing())
        .execute();
      const res = await db
        .updateTable('upload_usage')
        .set({ used_bytes: sql`used_bytes + ${bytes}` })
        .where('resident_id', '=', residentId)
        .where(sql<boolean>`used_bytes + ${bytes} <= ${quota}`)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    async release(residentId: string, bytes: number): Promise<void> {
      await db
        .updateTable('upload_usage')
        .set({ used_bytes: sql`used_bytes - ${bytes}` })
        .where('resident_id', '=', residentId)
        .execute();
    },

    /** Takes (or renews) the named lease for `holder` unless another holder's is still running. */
    async tryLease(name: string, holder: string, now: number, ms: number): Promise<boolean> {
      await db
        .insertInto('job_leases')
        .values({ name, holder, lease_until: 0 })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const res = await db
        .updateTable('job_leases')
        .set({ holder, lease_until: now + ms })
        .where('name', '=', name)
        .where((eb) => eb.or([eb('lease_until', '<', now), eb('holder', '=', holder)]))
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
  };
}

export type UploadsRepository = ReturnType<typeof uploadsRepository>;
