import { createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileBlobStore } from '../../src/blobs/file-blob-store.js';
import type { StoredBlob } from '../../src/blobs/blob-store.js';
import { BlobCorruptError, HEADER_SIZE, wrapParameters } from '../../src/blobs/envelope.js';
import { masterKeyFromBytes } from '../../src/crypto/master-key.js';
import { describeBlobStoreContract, expectAppError, pseudoRandom, readBack, sha256Of, type BlobStoreHarness } from './blob-store.contract.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tijori-blobs-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

/** Every file under `dir`, as paths relative to it. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

const objectFile = (sha256: string) => path.join('objects', sha256.slice(0, 2), sha256);

describeBlobStoreContract('file', async (): Promise<BlobStoreHarness> => {
  const dir = await tempDir();
  const store = await openFileBlobStore({ dir, masterKey: masterKeyFromBytes(randomBytes(32)) });
  return {
    store,
    listRaw: () => listFiles(dir),
    rawNameOf: objectFile,
    readRaw: (sha256) => fs.readFile(path.join(dir, objectFile(sha256))),
    // Rewrite in place (same inode), as a disk fault or an intruder would.
    writeRaw: async (sha256, bytes) => {
      const fh = await fs.open(path.join(dir, objectFile(sha256)), 'r+');
      try {
        await fh.truncate(0);
        await fh.write(bytes, 0, bytes.length, 0);
      } finally {
        await fh.close();
      }
    },
    close: () => store.close(),
  };
});

describe('file blob store', () => {
  it('keeps objects encrypted, private, under objects/ab/<sha256>, with nothing left in tmp/', async () => {
    const dir = await tempDir();
    const store = await openFileBlobStore({ dir, masterKey: masterKeyFromBytes(randomBytes(32)) });
    const marker = Buffer.from('AADHAAR 1234 5678 9012 '.repeat(4000));
    const { sha256 } = await store.put(marker);
    expect(await listFiles(dir)).toEqual([objectFile(sha256)]);
    const stat = await fs.stat(path.join(dir, objectFile(sha256)));
    expect(stat.mode & 0o777).toBe(0o600);
    const raw = await fs.readFile(path.join(dir, objectFile(sha256)));
    expect(raw.includes(Buffer.from('AADHAAR 1234'))).toBe(false);
    expect((await fs.stat(path.join(dir, 'objects'))).mode & 0o777).toBe(0o700);
  });

  it('gives every blob its own data key and nonce prefix, whether put one after another or at once', async () => {
    const dir = await tempDir();
    const master = masterKeyFromBytes(randomBytes(32));
    const store = await openFileBlobStore({ dir, masterKey: master });
    const inTurn: StoredBlob[] = [];
    for (let i = 0; i < 4; i++) inTurn.push(await store.put(pseudoRandom(`key-${i}`, 70_000)));
    const atOnce = await Promise.all(Array.from({ length: 6 }, (_, i) => store.put(pseudoRandom(`key-at-once-${i}`, 300_000))));
    const { wrapKey, headerStart } = wrapParameters(master);
    const keys = new Set<string>();
    const prefixes = new Set<string>();
    for (const { sha256 } of [...inTurn, ...atOnce]) {
      const header = (await fs.readFile(path.join(dir, objectFile(sha256)))).subarray(0, HEADER_SIZE);
      expect(header.subarray(0, 12).equals(headerStart)).toBe(true);
      const unwrap = createDecipheriv('aes-256-gcm', wrapKey, header.subarray(12, 24));
      unwrap.setAAD(headerStart);
      unwrap.setAuthTag(header.subarray(56, 72));
      keys.add(Buffer.concat([unwrap.update(header.subarray(24, 56)), unwrap.final()]).toString('hex'));
      prefixes.add(header.subarray(72, 79).toString('hex'));
    }
    expect(keys.size).toBe(10);
    expect(prefixes.size).toBe(10);
    await store.close();
  });

  it('cannot be read with another master key', async () => {
    const dir = await tempDir();
    const data = pseudoRandom('other-key', 100_000);
    const writer = await openFileBlobStore({ dir, masterKey: masterKeyFromBytes(randomBytes(32)) });
    const { sha256 } = await writer.put(data);
    const reader = await openFileBlobStore({ dir, masterKey: masterKeyFromBytes(randomBytes(32)) });
    expect(await reader.head(sha256)).toEqual({ size: data.length });
    const back = await readBack(reader, sha256);
    expect(back.error).toBeInstanceOf(BlobCorruptError);
    expect(back.data.length).toBe(0);
  });

  it('sweeps temporary files older than the given age, at start-up those older than an hour', async () => {
    const dir = await tempDir();
    const key = masterKeyFromBytes(randomBytes(32));
    let clock = Date.now();
    const store = await openFileBlobStore({ dir, masterKey: key, now: () => clock });
    const stale = path.join(dir, 'tmp', 'stale.part');
    const fresh = path.join(dir, 'tmp', 'fresh.part');
    await fs.writeFile(stale, 'x');
    await fs.writeFile(fresh, 'y');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await fs.utimes(stale, twoHoursAgo, twoHoursAgo);

    await openFileBlobStore({ dir, masterKey: key });
    expect((await listFiles(dir)).sort()).toEqual([path.join('tmp', 'fresh.part')]);

    expect(await store.sweepTemp(60_000)).toBe(0);
    clock += 61_000;
    expect(await store.sweepTemp(60_000)).toBe(1);
    expect(await listFiles(dir)).toEqual([]);
  });

  it('reopens an existing store and reads what it holds', async () => {
    const dir = await tempDir();
    const key = masterKeyFromBytes(randomBytes(32));
    const data = pseudoRandom('reopen', 200_000);
    const { sha256 } = await (await openFileBlobStore({ dir, masterKey: key })).put(data);
    const again = await openFileBlobStore({ dir, masterKey: key });
    expect((await readBack(again, sha256)).data.equals(data)).toBe(true);
    expect(await again.put(data)).toEqual({ sha256: sha256Of(data), size: data.length, created: false });
  });

  it('check() and put() report blob_store_unavailable when the folder is gone', async () => {
    const dir = await tempDir();
    const store = await openFileBlobStore({ dir, masterKey: masterKeyFromBytes(randomBytes(32)) });
    await fs.rm(dir, { recursive: true, force: true });
    await expectAppError(store.check(), 'blob_store_unavailable');
    await expectAppError(store.put(Buffer.from('hello')), 'blob_store_unavailable');
    expect(await store.get(sha256Of(Buffer.from('hello')))).toBeNull();
  });

  it('fails a put cleanly when its object cannot be renamed into place, and leaves no temp file', async () => {
    const dir = await tempDir();
    const store = await openFileBlobStore({ dir, masterKey: masterKeyFromBytes(randomBytes(32)) });
    const data = pseudoRandom('no-fan-out', 300_000);
    const fanOut = path.join(dir, 'objects', sha256Of(data).slice(0, 2));
    await fs.rm(fanOut, { recursive: true });
    await expectAppError(store.put(data), 'blob_store_unavailable');
    expect(await fs.readdir(path.join(dir, 'tmp'))).toEqual([]);
    await fs.mkdir(fanOut);
    expect((await store.put(data)).created).toBe(true);
    expect((await readBack(store, sha256Of(data))).data.equals(data)).toBe(true);
    await store.close();
  });

  it('fails a put cleanly when its writer thread stops mid-write, and the next put works', async () => {
    const dir = await tempDir();
    const threads: Worker[] = [];
    const store = await openFileBlobStore({ dir, masterKey: masterKeyFromBytes(randomBytes(32)), onWriterThread: (w) => threads.push(w) });
    const data = pseudoRandom('writer-dies', 3 * 1024 * 1024);
    let sent = 0;
    // A body that stops the writer thread once a third of it is on its way.
    const body = Readable.from(
      (async function* () {
        for (let at = 0; at < data.length; at += 64 * 1024) {
          if (at >= data.length / 3 && sent++ === 0) await Promise.all(threads.map((t) => t.terminate()));
          yield data.subarray(at, at + 64 * 1024);
        }
      })(),
    );
    await expectAppError(store.put(body), 'blob_store_unavailable');
    // The put stopped reading at once: the chunk yielded as the threads stopped, and at most the
    // one the stream reads ahead (the rest of the body is 31 more chunks).
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(sent).toBeLessThanOrEqual(2);
    expect(await listFiles(dir)).toEqual([]);
    const stored = await store.put(data);
    expect(stored).toEqual({ sha256: sha256Of(data), size: data.length, created: true });
    expect((await readBack(store, stored.sha256)).data.equals(data)).toBe(true);
    await store.close();
    await expectAppError(store.put(data), 'blob_store_unavailable');
  });

  it('fails a put whose body breaks after several MiB (early fdatasyncs under way) cleanly: no temp file, no open file left', async () => {
    const dir = await tempDir();
    const store = await openFileBlobStore({ dir, masterKey: masterKeyFromBytes(randomBytes(32)) });
    // Threads started and their first file handles out of the way before counting.
    await store.put(pseudoRandom('warm-up', 100_000));
    // This process's open files inside the store's folder (a temp file removed while still open
    // shows as "… (deleted)"); other test files share the process, so only these are counted.
    const openFiles = async () => {
      const inside: string[] = [];
      for (const fd of await fs.readdir('/proc/self/fd')) {
        const target = await fs.readlink(`/proc/self/fd/${fd}`).catch(() => '');
        if (target.startsWith(dir)) inside.push(target);
      }
      return inside.sort();
    };
    const before = await openFiles();
    for (const breakAt of [2, 5, 9]) {
      const data = pseudoRandom(`breaks-${breakAt}`, 10 * 1024 * 1024);
      const body = Readable.from(
        (async function* () {
          for (let at = 0; at < data.length; at += 64 * 1024) {
            if (at >= breakAt * 1024 * 1024) throw new Error('the client went away');
            yield data.subarray(at, at + 64 * 1024);
          }
        })(),
      );
      await expect(store.put(body)).rejects.toThrow('the client went away');
    }
    await expect.poll(() => fs.readdir(path.join(dir, 'tmp'))).toEqual([]);
    await expect.poll(openFiles).toEqual(before);
    const data = pseudoRandom('after-breaks', 5 * 1024 * 1024);
    expect((await store.put(data)).created).toBe(true);
    expect((await readBack(store, sha256Of(data))).data.equals(data)).toBe(true);
    await store.close();
  });

  it('stops a writer thread that has had nothing to do, and starts one again for the next put', async () => {
    const dir = await tempDir();
    const threads: Worker[] = [];
    const store = await openFileBlobStore({ dir, masterKey: masterKeyFromBytes(randomBytes(32)), onWriterThread: (w) => threads.push(w), writerIdleMs: 50 });
    const first = pseudoRandom('idle-1', 100_000);
    await store.put(first);
    // One thread hashed, sealed and wrote it.
    expect(threads).toHaveLength(1);
    await Promise.all(threads.map((t) => new Promise((resolve) => t.once('exit', resolve))));
    const second = pseudoRandom('idle-2', 100_000);
    expect((await store.put(second)).created).toBe(true);
    expect(threads).toHaveLength(2);
    expect((await readBack(store, sha256Of(first))).data.equals(first)).toBe(true);
    await store.close();
  });
});
