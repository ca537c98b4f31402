import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, createDomainDeps } from '../../src/app.js';
import { BackupError, backupEmbedded } from '../../src/backup/backup-embedded.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { DomainDeps } from '../../src/domain/context.js';
import { createLogger } from '../../src/http/logger.js';
import { startRuntime } from '../../src/runtime.js';
import { runToExit } from '../support/child-server.js';
import { linkAadhaar, sandboxResident, signUp, type SignedUp } from '../support/residents.js';
import { startTestApp, tempDir, type TestApp } from '../support/test-app.js';

// The command backs up the embedded default, so this runs on SQLite whatever TEST_DIALECTS says.
let t: TestApp;
let deps: DomainDeps;
let resident: SignedUp;
let photo: Buffer;
const dirs: string[] = [];

const source = () => {
  if (t.config.database.kind !== 'sqlite' || t.config.blobStore.kind !== 'file') throw new Error('expected the embedded default');
  return { sqliteFile: t.config.database.file, blobsDir: t.config.blobStore.dir };
};
const newFolder = async () => {
  const dir = await tempDir('tijori-backup-');
  dirs.push(dir);
  return path.join(dir, 'backup');
};
/** Stores a blob and records it, as the use-cases do. */
async function storeBlob(bytes: Buffer): Promise<string> {
  const stored = await deps.blobs.put(bytes);
  await deps.repos.blobs.insertMany([{ sha256: stored.sha256, size_bytes: stored.size, media_type: 'application/octet-stream', stored_at: Date.now() }]);
  return stored.sha256;
}

beforeAll(async () => {
  t = await startTestApp('sqlite');
  deps = createDomainDeps(t.runtime);
  resident = await signUp(t);
  const demo = await sandboxResident(t, 2);
  expect((await linkAadhaar(t, resident.cookie, demo.aadhaarNumber, demo.mobile)).statusCode).toBe(200);
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/me/photo', headers: { cookie: resident.cookie } });
  expect(res.statusCode).toBe(200);
  photo = res.rawPayload;
});

afterAll(async () => {
  await t?.close();
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

describe('backup of the embedded default', () => {
  it('is a data folder a server can start on: the resident, their session and their photo are all there', async () => {
    const dest = await newFolder();
    const result = await backupEmbedded({ ...source(), dest });
    expect(result.blobsRecorded).toBeGreaterThanOrEqual(1);
    expect(result.blobsCopied).toBeGreaterThanOrEqual(result.blobsRecorded);

    const masterKey = t.config.masterKey.kind === 'value' ? t.config.masterKey.base64 : '';
    const config = loadConfig({ NODE_ENV: 'test', TIJORI_DATA_DIR: dest, TIJORI_MASTER_KEY: masterKey }, dest);
    const runtime = await startRuntime(config, createLogger('silent'));
    const restored = await buildApp(runtime);
    try {
      const res = await restored.inject({ method: 'GET', url: '/api/v1/me/photo', headers: { cookie: resident.cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(photo)).toBe(true);
      const me = await restored.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: resident.cookie } });
      expect(me.json().id).toBe(resident.id);
    } finally {
      await restored.close();
      await runtime.close();
    }
  });

  it('brings an earlier backup up to date by copying only the blobs it lacks', async () => {
    const dest = await newFolder();
    const first = await backupEmbedded({ ...source(), dest });
    const added = await storeBlob(randomBytes(50_000));
    const second = await backupEmbedded({ ...source(), dest });
    expect(second.blobsCopied).toBe(1);
    expect(second.blobsRecorded).toBe(first.blobsRecorded + 1);
    await fs.access(path.join(dest, 'blobs', 'objects', added.slice(0, 2), added));
  });

  it('is consistent while the server keeps storing: every blob the copied database records is in the backup and reads back', async () => {
    const dest = await newFolder();
    const written = new Map<string, Buffer>();
    let writing = true;
    let firstStored!: () => void;
    const started = new Promise<void>((resolve) => (firstStored = resolve));
    const writer = (async () => {
      while (writing) {
        const bytes = randomBytes(20_000 + Math.floor(Math.random() * 200_000));
        written.set(await storeBlob(bytes), bytes);
        firstStored();
      }
    })();
    // The backup starts once the server has stored something, and runs while it stores more.
    await started;
    let result;
    try {
      result = await backupEmbedded({ ...source(), dest });
    } finally {
      writing = false;
      await writer;
    }
    expect(written.size).toBeGreaterThan(0);

    // Read the backup's blobs through a blob store opened on it, with the same master key.
    const masterKey = t.config.masterKey.kind === 'value' ? t.config.masterKey.base64 : '';
    const runtime = await startRuntime(loadConfig({ NODE_ENV: 'test', TIJORI_DATA_DIR: dest, TIJORI_MASTER_KEY: masterKey }, dest), createLogger('silent'));
    try {
      const restoredDeps = createDomainDeps(runtime);
      expect(await restoredDeps.repos.blobs.count()).toBe(result.blobsRecorded);
      let checked = 0;
      for (const [sha, bytes] of written) {
        if (!(await restoredDeps.repos.blobs.find(sha))) continue; // stored after the snapshot
        const read = await restoredDeps.blobs.get(sha);
        expect(read, sha).not.toBeNull();
        const chunks: Buffer[] = [];
        for await (const c of read!.stream) chunks.push(c as Buffer);
        expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    } finally {
      await runtime.close();
    }
  });

  it('fails, naming the blob, when the database records a blob the store no longer has', async () => {
    const sha = await storeBlob(randomBytes(10_000));
    await fs.rm(path.join(source().blobsDir, 'objects', sha.slice(0, 2), sha));
    try {
      await expect(backupEmbedded({ ...source(), dest: await newFolder() })).rejects.toThrow(new RegExp(`not in the blob store \\(first: ${sha}\\)`));
    } finally {
      await deps.repos.blobs.remove(sha);
    }
  });

  it('marks a finished backup, and refuses one a server has since run on (its WAL would be replayed onto the next copy)', async () => {
    const dest = await newFolder();
    await backupEmbedded({ ...source(), dest });
    const marker = JSON.parse(await fs.readFile(path.join(dest, 'tijori-backup.json'), 'utf8')) as { state: string };
    expect(marker.state).toBe('complete');
    await fs.writeFile(path.join(dest, 'tijori.db-wal'), '');
    await expect(backupEmbedded({ ...source(), dest })).rejects.toThrow(/A server has run on the backup/);
  });

  it('refuses a folder inside the data it backs up, and a folder that holds something else', async () => {
    await expect(backupEmbedded({ ...source(), dest: path.join(source().blobsDir, 'backup') })).rejects.toThrow(BackupError);
    const other = await newFolder();
    await fs.mkdir(other, { recursive: true });
    await fs.writeFile(path.join(other, 'notes.txt'), 'mine');
    await expect(backupEmbedded({ ...source(), dest: other })).rejects.toThrow(/neither empty nor an earlier Tijori backup/);
    expect(await fs.readdir(other)).toEqual(['notes.txt']);
    // Another installation's data folder (a database, blobs, no backup marker) is not written over.
    const live = await newFolder();
    await fs.mkdir(path.join(live, 'blobs'), { recursive: true });
    await fs.writeFile(path.join(live, 'tijori.db'), 'theirs');
    await expect(backupEmbedded({ ...source(), dest: live })).rejects.toThrow(/neither empty nor an earlier Tijori backup/);
    expect(await fs.readFile(path.join(live, 'tijori.db'), 'utf8')).toBe('theirs');
  });
});

describe('npm run backup (the command)', () => {
  it('backs up a data folder, says what it did, and points PostgreSQL and S3 set-ups elsewhere', async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    // A data folder as a first start leaves it: database migrated, development key generated.
    const runtime = await startRuntime(
      loadConfig({ NODE_ENV: 'development', TIJORI_DATA_DIR: dataDir, TIJORI_SEED_DEMO: 'false' }, dataDir),
      createLogger('silent'),
    );
    await runtime.close();
    const dest = await newFolder();

    const ok = await runToExit('src/cli/backup.ts', { TIJORI_DATA_DIR: dataDir, TIJORI_SEED_DEMO: 'false' }, [dest]);
    expect(ok.code, ok.output).toBe(0);
    expect(ok.output).toContain('database');
    expect(ok.output).toContain('The development master key is in the backup');
    expect((await fs.stat(path.join(dest, 'master.key'))).mode & 0o777).toBe(0o600);
    expect((await fs.stat(path.join(dest, 'tijori.db'))).mode & 0o777).toBe(0o600);

    const pg = await runToExit('src/cli/backup.ts', { TIJORI_DATA_DIR: dataDir, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }, [await newFolder()]);
    expect(pg.code).toBe(2);
    expect(pg.output).toContain('pg_dump');

    const none = await runToExit('src/cli/backup.ts', { TIJORI_DATA_DIR: dataDir }, []);
    expect(none.code).toBe(1);
    expect(none.output).toContain('npm run backup -- /path/to/backup');
  }, 60_000);
});
