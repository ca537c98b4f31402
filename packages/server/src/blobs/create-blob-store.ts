import type { BlobStoreConfig } from '../config/config.js';
import type { MasterKey } from '../crypto/master-key.js';
import type { BlobStore } from './blob-store.js';
import { openFileBlobStore } from './file-blob-store.js';
import { createS3BlobStore } from './s3-blob-store.js';

/** Constructs only the configured backend. */
export async function createBlobStore(config: BlobStoreConfig, masterKey: MasterKey): Promise<BlobStore> {
  if (config.kind === 'file') return openFileBlobStore({ dir: config.dir, masterKey });
  return createS3BlobStore({ ...config, masterKey });
}
