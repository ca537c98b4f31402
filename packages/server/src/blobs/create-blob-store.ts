import type { BlobStoreConfig } from '../config/config.js';
import type { MasterKey } from '../crypto/master-key.js';
import { blobDuration } from '../metrics/metrics.js';
import type { BlobStore } from './blob-store.js';
import { openFileBlobStore } from './file-blob-store.js';

/** Constructs only the configured backend (the AWS SDK is loaded only for S3: it costs a server start 0.2–0.4 s of CPU). */
export async function createBlobStore(config: BlobStoreConfig, masterKey: MasterKey): Promise<BlobStore> {
  const store =
    config.kind === 'file'
      ? await openFileBlobStore({ dir: config.dir, masterKey })
      : (await import('./s3-blob-store.js')).createS3BlobStore({ ...config, masterKey });
  return measured(store);
}

/** The same store, its operations timed into the process's metrics (latency and errors). */
export function measured(store: BlobStore): BlobStore {
  const time =
    <A extends unknown[], R>(operation: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const end = blobDuration.startTimer({ operation });
      try {
        const result = await fn(...args);
        end({ outcome: 'ok' });
        return result;
      } catch (err) {
        end({ outcome: 'error' });
        throw err;
      }
    };
  return {
    kind: store.kind,
    put: time('put', store.put.bind(store)),
    get: time('get', store.get.bind(store)),
    head: time('head', store.head.bind(store)),
    delete: time('delete', store.delete.bind(store)),
    check: time('check', store.check.bind(store)),
    close: store.close.bind(store),
  };
}
