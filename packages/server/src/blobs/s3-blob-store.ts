import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline as pipelineCb } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MasterKey } from '../crypto/master-key.js';
import { AppError, isAppError } from '../lib/errors.js';
import { ids } from '../lib/ids.js';
import { oneAtATime } from '../lib/one-at-a-time.js';
import { SHA256_HEX, type BlobRead, type BlobStore, type PutOptions, type StoredBlob } from './blob-store.js';
import { createDecryptStream, createDigestCheck, createEncryptStream, plaintextSize } from './envelope.js';
import { createIngestMeter, toReadable } from './ingest.js';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Key prefix ending in "/" or empty. */
  prefix: string;
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  masterKey: MasterKey;
  /** Explicit credentials (tests); otherwise the AWS default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** S3's smallest allowed multipart part (except the last); also the most a put holds in memory. */
export const S3_PART_SIZE = 5 * 1024 * 1024;

/**
 * Blobs in any S3-compatible store, encrypted with the same envelope as local files.
 * A put streams to a temporary key (a single PUT when the blob fits one part, otherwise a
 * multipart upload through one reused part buffer, so memory stays at one part whatever the
 * size), then copies it to the content address: S3 makes an object visible only when
 * complete, so the final key never names a partial blob.
 */
export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const { bucket, prefix, masterKey } = options;
  const client = new S3Client({
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // Many S3-compatible stores do not speak the newer streaming checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
  const objectKey = (sha256: string) => `${prefix}objects/${sha256.slice(0, 2)}/${sha256}`;

  async function headStored(key: string): Promise<number | null> {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw toStoreError(err);
    }
  }

  return {
    kind: 's3',

    async put(body: Readable | Buffer, putOptions: PutOptions = {}): Promise<StoredBlob> {
      const tempKey = `${prefix}tmp/${ids.uuid()}`;
      const ingest = createIngestMeter(putOptions);
      const upload = createTempUpload(client, bucket, tempKey);
      try {
        await pipeline(toReadable(body), ingest.meter, createEncryptStream(masterKey), upload.consume);
        // Throws before the upload is completed if the content is not what was announced.
        const { sha256, size } = ingest.result();
        await upload.complete();
        const key = objectKey(sha256);
        // Identical puts in this process take turns: the second finds the first's object and
        // copies nothing. (Across processes two copies may both land; S3 replaces an object
        // whole, and either ciphertext decrypts to the same content. Some S3 stand-ins write
        // the object in place, so two copies at once could interleave there.)
        const created = await oneAtATime(`s3-put:${key}`, async () => {
          if ((await headStored(key)) !== null) return false;
          await client.send(new CopyObjectCommand({ Bucket: bucket, Key: key, CopySource: copySource(bucket, tempKey) }));
          return true;
        });
        // The blob is stored; a leftover temporary is only litter (expire tmp/ with a lifecycle rule).
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: tempKey })).catch(() => undefined);
        return { sha256, size, created };
      } catch (err) {
        await upload.discard();
        throw toStoreError(err);
      }
    },

    async get(sha256: string): Promise<BlobRead | null> {
      if (!SHA256_HEX.test(sha256)) return null;
      let res;
      try {
        res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(sha256) }));
      } catch (err) {
        if (isNotFound(err)) return null;
        throw toStoreError(err);
      }
      const body = res.Body as Readable;
      let size: number;
      try {
        size = plaintextSize(res.ContentLength ?? 0);
      } catch (err) {
        // Release the connection rather than leave the response body unread.
        body.destroy();
        throw err;
      }
      const out = new PassThrough();
      pipelineCb(body, createDecryptStream(masterKey), createDigestCheck(sha256), out, () => undefined);
      return { size, stream: out };
    },

    async head(sha256: string) {
      if (!SHA256_HEX.test(sha256)) return null;
      const stored = await headStored(objectKey(sha256));
      return stored === null ? null : { size: plaintextSize(stored) };
    },

    async delete(sha256: string) {
      if (!SHA256_HEX.test(sha256)) return;
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(sha256) }));
      } catch (err) {
        if (!isNotFound(err)) throw toStoreError(err);
      }
    },

    async check() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (err) {
        throw toStoreError(err);
      }
    },

    async close() {
      client.destroy();
    },
  };
}

/**
 * Uploads a stream to `key` holding at most one part in memory: the part buffer is allocated
 * once and reused. A body that fits one part becomes a single PUT. Nothing is visible under
 * `key` until complete() succeeds; discard() removes whatever was written.
 */
function createTempUpload(client: S3Client, bucket: string, key: string) {
  let buffer: Buffer | undefined;
  let filled = 0;
  let uploadId: string | undefined;
  const parts: CompletedPart[] = [];
  let completed = false;

  const sendPart = async (): Promise<void> => {
    if (uploadId === undefined) {
      const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: 'application/octet-stream' }));
      if (!created.UploadId) throw new Error('S3 did not return an upload id');
      uploadId = created.UploadId;
    }
    const PartNumber = parts.length + 1;
    const res = await client.send(
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber, Body: buffer!.subarray(0, filled), ContentLength: filled }),
    );
    parts.push({ PartNumber, ETag: res.ETag });
    // The request has been sent in full: the buffer can take the next part.
    filled = 0;
  };

  return {
    /** Pipeline destination: fills the part buffer, sending a part only once more data follows it. */
    consume: async (source: AsyncIterable<Buffer>): Promise<void> => {
      for await (const chunk of source) {
        for (let offset = 0; offset < chunk.length; ) {
          if (filled === S3_PART_SIZE) await sendPart();
          buffer ??= Buffer.allocUnsafe(S3_PART_SIZE);
          const n = chunk.copy(buffer, filled, offset);
          filled += n;
          offset += n;
        }
      }
    },
    async complete(): Promise<void> {
      const last = (buffer ?? Buffer.alloc(0)).subarray(0, filled);
      if (uploadId === undefined) {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: last, ContentLength: last.length, ContentType: 'application/octet-stream' }));
      } else {
        await sendPart();
        await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
      }
      completed = true;
      // Let go of the part now: pipeline leaves listeners on the caller's body stream that keep
      // this closure reachable for as long as the caller holds that stream.
      buffer = undefined;
    },
    async discard(): Promise<void> {
      buffer = undefined;
      if (completed) {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
      } else if (uploadId !== undefined) {
        // Stores without AbortMultipartUpload keep the parts, but never show them as an object.
        await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
      }
    },
  };
}

/** x-amz-copy-source: bucket/key, each key segment URL-encoded. */
function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

function isNotFound(err: unknown): boolean {
  if (err instanceof S3ServiceException) {
    return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata?.httpStatusCode === 404;
  }
  return false;
}

function toStoreError(err: unknown): unknown {
  if (isAppError(err)) return err;
  if (err instanceof S3ServiceException || (err as { $metadata?: unknown } | null)?.$metadata !== undefined) {
    return new AppError('blob_store_unavailable', 'The document store cannot be reached; try again later.', undefined, { cause: err });
  }
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new AppError('blob_store_unavailable', 'The document store cannot be reached; try again later.', undefined, { cause: err });
  }
  return err;
}
