import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3BlobStore, type S3BlobStoreOptions } from '../../src/blobs/s3-blob-store.js';
import { BlobCorruptError } from '../../src/blobs/envelope.js';
import { masterKeyFromBytes } from '../../src/crypto/master-key.js';
import { describeBlobStoreContract, expectAppError, pseudoRandom, readBack, sha256Of, type BlobStoreHarness } from './blob-store.contract.js';

/** The little of s3rver's API used here (the package ships no types). */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: { address: string; port: number; directory: string; silent: boolean; configureBuckets: { name: string }[] }) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

const BUCKET = 'tijori-test';
const PREFIX = 'tijori/';
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

let server: S3rverInstance;
let serverDir: string;
let endpoint: string;

beforeAll(async () => {
  serverDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tijori-s3rver-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, directory: serverDir, silent: true, configureBuckets: [{ name: BUCKET }] });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await server?.close();
  if (serverDir) await fs.rm(serverDir, { recursive: true, force: true });
});

function storeOptions(overrides: Partial<S3BlobStoreOptions> = {}): S3BlobStoreOptions {
  return {
    bucket: BUCKET,
    prefix: PREFIX,
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    masterKey: masterKeyFromBytes(randomBytes(32)),
    ...overrides,
  };
}

const objectKey = (sha256: string) => `${PREFIX}objects/${sha256.slice(0, 2)}/${sha256}`;

describeBlobStoreContract('s3 (s3rver)', async (): Promise<BlobStoreHarness> => {
  const store = createS3BlobStore(storeOptions());
  const raw = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  return {
    store,
    async listRaw() {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page: ListObjectsV2CommandOutput = await raw.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: token }));
        for (const o of page.Contents ?? []) keys.push(o.Key!);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },
    rawNameOf: objectKey,
    async readRaw(sha256) {
      const res = await raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: objectKey(sha256) }));
      return Buffer.from(await res.Body!.transformToByteArray());
    },
    async writeRaw(sha256, bytes) {
      await raw.send(new PutObjectCommand({ Bucket: BUCKET, Key: objectKey(sha256), Body: bytes }));
    },
    async close() {
      await store.close();
      raw.destroy();
    },
  };
});

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe('s3 blob store', () => {
  it('reports blob_store_unavailable from check(), put() and get() when the endpoint is down', async () => {
    const store = createS3BlobStore(storeOptions({ endpoint: `http://127.0.0.1:${await closedPort()}` }));
    try {
      await expectAppError(store.check(), 'blob_store_unavailable');
      await expectAppError(store.put(Buffer.from('hello')), 'blob_store_unavailable');
      await expectAppError(store.get(sha256Of(Buffer.from('hello'))), 'blob_store_unavailable');
      await expectAppError(store.head(sha256Of(Buffer.from('hello'))), 'blob_store_unavailable');
    } finally {
      await store.close();
    }
  });

  it('check() rejects with blob_store_unavailable when the bucket does not exist', async () => {
    const store = createS3BlobStore(storeOptions({ bucket: 'no-such-bucket' }));
    try {
      await expectAppError(store.check(), 'blob_store_unavailable');
    } finally {
      await store.close();
    }
  });

  it('keeps blobs under its prefix, encrypted, and unreadable with another master key', async () => {
    const key = masterKeyFromBytes(randomBytes(32));
    const writer = createS3BlobStore(storeOptions({ masterKey: key }));
    const reader = createS3BlobStore(storeOptions());
    const raw = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    try {
      const marker = Buffer.from('AADHAAR 1234 5678 9012 '.repeat(1000));
      const { sha256 } = await writer.put(marker);
      const res = await raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: objectKey(sha256) }));
      const stored = Buffer.from(await res.Body!.transformToByteArray());
      expect(stored.includes(Buffer.from('AADHAAR 1234'))).toBe(false);
      const back = await readBack(reader, sha256);
      expect(back.error).toBeInstanceOf(BlobCorruptError);
      expect(back.data.length).toBe(0);
      expect((await readBack(writer, sha256)).data.equals(marker)).toBe(true);
    } finally {
      await writer.close();
      await reader.close();
      raw.destroy();
    }
  });

  it('stores a body spanning several multipart parts', async () => {
    const store = createS3BlobStore(storeOptions());
    try {
      const data = pseudoRandom('multipart', 12 * 1024 * 1024 + 5);
      const stored = await store.put(data);
      expect(stored).toEqual({ sha256: sha256Of(data), size: data.length, created: true });
      const back = await readBack(store, stored.sha256);
      expect(back.error).toBeUndefined();
      expect(back.data.equals(data)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
