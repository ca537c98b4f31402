import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHA256_HEX } from '../../src/blobs/blob-store.js';
import { openFileBlobStore } from '../../src/blobs/file-blob-store.js';
import { masterKeyFromBytes } from '../../src/crypto/master-key.js';

const SERVER_ROOT = path.resolve(import.meta.dirname, '../..');
const WRITER = 'test/blobs/fixtures/blob-writer.ts';
const ROUNDS = 7;

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

interface Round {
  acks: Map<string, number>;
  exit: { code: number | null; signal: NodeJS.Signals | null };
  output: string;
}

/**
 * Starts the writer, lets it run for `runMs` after its first acknowledged put (its threads are
 * up by then, however long they took to start on a loaded machine), then SIGKILLs it.
 */
async function killedWriter(dir: string, keyBase64: string, runMs: number): Promise<Round> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER], {
    cwd: SERVER_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', BLOB_DIR: dir, BLOB_MASTER_KEY: keyBase64 },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acks = new Map<string, number>();
  let stdout = '';
  let stderr = '';
  let ready: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    // Only complete lines count: a line without its newline was not fully acknowledged.
    const lines = stdout.split('\n');
    stdout = lines.pop()!;
    for (const line of lines) {
      const m = /^ACK ([0-9a-f]{64}) (\d+)$/.exec(line);
      if (m) {
        acks.set(m[1]!, Number(m[2]));
        ready();
      }
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<Round['exit']>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const startTimeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await Promise.race([isReady, exited]);
  clearTimeout(startTimeout);
  await new Promise((r) => setTimeout(r, runMs));
  child.kill('SIGKILL');
  const exit = await exited;
  return { acks, exit, output: stderr };
}

async function sha256OfStream(stream: NodeJS.ReadableStream): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

describe('file blob store under SIGKILL', () => {
  it('never loses an acknowledged blob and never shows a partial one', { timeout: 60_000 }, async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tijori-crash-'));
    dirs.push(dir);
    const keyBytes = randomBytes(32);

    const acknowledged = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const { acks, exit, output } = await killedWriter(dir, keyBytes.toString('base64'), randomInt(150, 900));
      // It was our SIGKILL that ended it, not a crash of its own.
      expect(exit, output).toEqual({ code: null, signal: 'SIGKILL' });
      for (const [sha, size] of acks) acknowledged.set(sha, size);
    }
    // The run exercised what it claims to: blobs were acknowledged…
    expect(acknowledged.size).toBeGreaterThan(ROUNDS);

    const store = await openFileBlobStore({ dir, masterKey: masterKeyFromBytes(keyBytes) });

    // Every acknowledged blob is there, complete and intact.
    for (const [sha, size] of acknowledged) {
      expect(await store.head(sha), sha).toEqual({ size });
      const read = await store.get(sha);
      expect(read, sha).not.toBeNull();
      expect(await sha256OfStream(read!.stream)).toEqual({ sha256: sha, size });
    }

    // Every file is either a complete object under its own name or a temporary under tmp/.
    const files = (await fs.readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => !e.isDirectory())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
    const objects: string[] = [];
    const temps: string[] = [];
    for (const file of files) {
      const parts = file.split(path.sep);
      if (parts[0] === 'tmp' && parts.length === 2 && /^[0-9a-f-]{36}\.part$/.test(parts[1]!)) temps.push(file);
      else if (parts[0] === 'objects' && parts.length === 3 && SHA256_HEX.test(parts[2]!) && parts[2]!.startsWith(parts[1]!)) objects.push(parts[2]!);
      else throw new Error(`unexpected file in the store: ${file}`);
    }
    for (const sha of objects) {
      const read = await store.get(sha);
      const { sha256, size } = await sha256OfStream(read!.stream);
      expect(sha256, `object ${sha}`).toBe(sha);
      expect(size).toBe(read!.size);
    }
    expect(new Set(objects)).toEqual(new Set([...objects, ...acknowledged.keys()]));
    // …and kills landed mid-write: unfinished temporaries were left behind.
    expect(temps.length).toBeGreaterThan(0);

    // Start-up sweeps only stale temporaries; sweepTemp(0) takes the rest.
    expect(await store.sweepTemp(0)).toBe(temps.length);
    expect(await fs.readdir(path.join(dir, 'tmp'))).toEqual([]);

    // The store carries on after all that.
    const fresh = randomBytes(300_000);
    const stored = await store.put(fresh);
    expect(await sha256OfStream((await store.get(stored.sha256))!.stream)).toEqual({ sha256: stored.sha256, size: fresh.length });
  });
});
