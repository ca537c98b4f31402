import type { Readable } from 'node:stream';

export interface PutOptions {
  /** Refuse (payload_too_large) bodies longer than this; checked while streaming. */
  maxBytes?: number;
  /** If given, the body must hash to this (lower-case hex SHA-256) or nothing is stored. */
  expectedSha256?: string;
}

export interface StoredBlob {
  /** Lower-case hex SHA-256 of the plaintext: the key under which the blob is stored. */
  sha256: string;
  size: number;
  /** False when an identical blob was already stored (content addressing). */
  created: boolean;
}

export interface BlobRead {
  size: number;
  /** Plaintext; errors (BlobCorruptError) instead of yielding unauthenticated or mismatched bytes. */
  stream: Readable;
}

/**
 * Where document bytes live. `put` resolves only once the blob is durable; a blob that is not
 * complete is never visible under its key. Implementations: file (default) and S3.
 */
export interface BlobStore {
  readonly kind: 'file' | 's3';
  put(body: Readable | Buffer, options?: PutOptions): Promise<StoredBlob>;
  get(sha256: string): Promise<BlobRead | null>;
  head(sha256: string): Promise<{ size: number } | null>;
  delete(sha256: string): Promise<void>;
  /** Throws unless the store can be read and written now (used by /readyz). */
  check(): Promise<void>;
  close(): Promise<void>;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
