import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { fsyncDir } from '../blobs/file-blob-store.js';

export interface BackupOptions {
  /** The SQLite database file the server uses. */
  sqliteFile: string;
  /** The file blob store's folder (it holds objects/ab/<sha256>). */
  blobsDir: string;
  /** The backup folder: new, empty, or an earlier backup to bring up to date. */
  dest: string;
  /** A development master key generated into the data folder; copied with the data. */
  generatedMasterKey?: string;
  /** Files copied at once (each is copied, fsynced and renamed into place). */
  concurrency?: number;
}

export interface BackupResult {
  /** Blobs copied by this run; an earlier backup's blobs are not copied again. */
  blobsCopied: number;
  /** Blobs the backed-up database records, all present in the backup. */
  blobsRecorded: number;
  databaseBytes: number;
  masterKeyCopied: boolean;
}

export class BackupError extends Error {}

const SHA256_NAME = /^[0-9a-f]{64}$/;
const FAN_OUT = /^[0-9a-f]{2}$/;
const DB_NAME = 'tijori.db';
/** Written by every backup: only a folder holding it (or an empty one) is written into. */
const MARKER = 'tijori-backup.json';

/**
 * A consistent copy of the embedded default (SQLite + the file blob store) taken while the server
 * runs, laid out as a data folder: a copy of it, given to a server as TIJORI_DATA_DIR (with the
 * same master key), restores it. Copying the folder with cp or tar instead can catch the database between
 * its file and its write-ahead log, which SQLite may then refuse to open.
 *
 * Blobs never change once stored (they are named by their content), and every put is durable
 * before the database records it. So: copy the blobs there are, snapshot the database with
 * SQLite's online backup, copy the blobs stored meanwhile, then check that every blob the
 * snapshot records is in the backup. A blob removed between the snapshot and the second pass
 * (an account deleted just then) fails that check; running again succeeds.
 *
 * Into an earlier backup, only the blobs it lacks are copied (a nightly run is incremental), and
 * the new database copy replaces the old one by rename, so a run that stops halfway leaves the
 * earlier database in place. tijori-backup.json in the folder says whether the last run completed.
 */
export async function backupEmbedded(options: BackupOptions): Promise<BackupResult> {
  const dest = path.resolve(options.dest);
  const objects = path.join(path.resolve(options.blobsDir), 'objects');
  const dataFolders = [path.dirname(path.resolve(options.sqliteFile)), path.resolve(options.blobsDir)];
  if (dataFolders.some((d) => dest === d || dest.startsWith(d + path.sep))) {
    throw new BackupError(`The backup folder ${dest} is inside the data it backs up; choose a folder outside ${dataFolders.join(' and ')}.`);
  }
  await checkDestination(dest);
  // Marked before anything else is written, so that a run that stops halfway leaves a folder
  // the next run may complete.
  await fs.mkdir(dest, { recursive: true, mode: 0o700 });
  await writeMarker(dest, { state: 'incomplete', startedAt: new Date().toISOString() });
  const destObjects = path.join(dest, 'blobs', 'objects');
  await fs.mkdir(destObjects, { recursive: true, mode: 0o700 });
  await fs.mkdir(path.join(dest, 'blobs', 'tmp'), { recursive: true, mode: 0o700 });

  const concurrency = options.concurrency ?? 8;
  let blobsCopied = await copyNewBlobs(objects, destObjects, concurrency);
  const { bytes: databaseBytes, recorded } = await snapshotDatabase(options.sqliteFile, path.join(dest, DB_NAME));
  blobsCopied += await copyNewBlobs(objects, destObjects, concurrency);

  const missing: string[] = [];
  for (const sha of recorded) {
    if (!(await exists(path.join(destObjects, sha.slice(0, 2), sha)))) missing.push(sha);
  }
  if (missing.length > 0) {
    throw new BackupError(
      `${missing.length} blob(s) recorded in the database are not in the blob store (first: ${missing[0]}). If the server deleted them just now, run the backup again; otherwise the store has lost them.`,
    );
  }

  let masterKeyCopied = false;
  if (options.generatedMasterKey && (await exists(options.generatedMasterKey))) {
    await copyDurably(options.generatedMasterKey, path.join(dest, 'master.key'), 0o600);
    masterKeyCopied = true;
  }
  await writeMarker(dest, { state: 'complete', takenAt: new Date().toISOString(), blobsRecorded: recorded.length });
  return { blobsCopied, blobsRecorded: recorded.length, databaseBytes, masterKeyCopied };
}

/**
 * New, empty, or an earlier backup (it holds the marker); anything else, a live data folder
 * above all, is refused rather than written into. A backup a server has run on holds a WAL that
 * SQLite would replay onto the next database copy, so it is refused too.
 */
async function checkDestination(dest: string): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(dest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new BackupError(`Cannot use ${dest} as the backup folder: ${(err as Error).message}`);
  }
  if (entries.length === 0) return;
  if (!entries.includes(MARKER)) throw new BackupError(`${dest} is neither empty nor an earlier Tijori backup; choose an empty or new folder.`);
  if (entries.includes(`${DB_NAME}-wal`) || entries.includes(`${DB_NAME}-shm`)) {
    throw new BackupError(`A server has run on the backup in ${dest} (it holds ${DB_NAME}-wal); back up into a new folder, and keep that one as it is.`);
  }
}

async function writeMarker(dest: string, content: Record<string, unknown>): Promise<void> {
  const marker = path.join(dest, MARKER);
  await fs.writeFile(`${marker}.part`, JSON.stringify({ tijoriBackup: 1, ...content }) + '\n', { mode: 0o600 });
  await fs.rename(`${marker}.part`, marker);
  await fsyncDir(dest);
}

/** Copies every blob the backup lacks, one fan-out folder at a time (bounded memory); returns how many. */
async function copyNewBlobs(objects: string, destObjects: string, concurrency: number): Promise<number> {
  let copied = 0;
  for (const fanOut of (await fs.readdir(objects)).filter((n) => FAN_OUT.test(n)).sort()) {
    const destFolder = path.join(destObjects, fanOut);
    const have = new Set(await fs.readdir(destFolder).catch(() => [] as string[]));
    const todo = (await fs.readdir(path.join(objects, fanOut))).filter((name) => SHA256_NAME.test(name) && !have.has(name));
    if (todo.length === 0) continue;
    await fs.mkdir(destFolder, { recursive: true, mode: 0o700 });
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, todo.length) }, async () => {
        while (next < todo.length) {
          const name = todo[next++]!;
          // Deleted since it was listed (an account deleted meanwhile): the check at the end decides.
          if (await copyDurably(path.join(objects, fanOut, name), path.join(destFolder, name), 0o600).catch(ignoreMissing)) copied++;
        }
      }),
    );
    await fsyncDir(destFolder);
  }
  if (copied > 0) await fsyncDir(destObjects);
  return copied;
}

/** Copies to a temporary name, fsyncs, renames into place: a crash never leaves a partial file named as the blob. */
async function copyDurably(from: string, to: string, mode: number): Promise<true> {
  const part = `${to}.part`;
  await fs.rm(part, { force: true });
  await fs.copyFile(from, part, constants.COPYFILE_EXCL);
  await fs.chmod(part, mode);
  const fh = await fs.open(part, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(part, to);
  return true;
}

function ignoreMissing(err: unknown): false {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
  throw err;
}

/**
 * SQLite's online backup: a consistent copy while the server writes; replaces the old copy by
 * rename. Returns its size and the blobs it records.
 */
async function snapshotDatabase(sqliteFile: string, target: string): Promise<{ bytes: number; recorded: string[] }> {
  if (!(await exists(sqliteFile)))
    throw new BackupError(`There is no database at ${sqliteFile}; start the server once, or check TIJORI_DATA_DIR / DATABASE_URL.`);
  const part = `${target}.part`;
  await fs.rm(part, { force: true });
  // Made first so that the copy, like the database, is readable by this user only.
  await (await fs.open(part, 'wx', 0o600)).close();
  const source = new BetterSqlite3(sqliteFile, { fileMustExist: true, timeout: 10_000 });
  try {
    // All pages in one step, under one read transaction: the copy is one moment of the
    // database. (In small steps, every write the server makes restarts the copy.)
    await source.backup(part, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  // The copy as a single file: no write-ahead log beside it, whatever journal mode it inherited.
  const copy = new BetterSqlite3(part);
  let recorded: string[];
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`The database copy failed SQLite's check (${String(check)}); nothing was replaced.`);
    recorded = (copy.prepare('SELECT sha256 FROM blobs').pluck().all() as string[]).filter((s) => SHA256_NAME.test(s));
  } finally {
    copy.close();
  }
  const fh = await fs.open(part, 'r');
  let size: number;
  try {
    await fh.sync();
    size = (await fh.stat()).size;
  } finally {
    await fh.close();
  }
  await fs.rename(part, target);
  await fsyncDir(path.dirname(target));
  return { bytes: size, recorded };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
