import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import type { BlobStore } from './blobs/blob-store.js';
import { createBlobStore } from './blobs/create-blob-store.js';
import type { Config } from './config/config.js';
import { redactUrl } from './config/load-config.js';
import { loadMasterKey, type MasterKey } from './crypto/master-key.js';
import { createSigningPool, type SigningPool } from './crypto/signing-pool.js';
import { createDb, ensureSchema, type Db } from './db/create-db.js';
import { migrateToLatest } from './db/migrate.js';
import type { AadhaarAdapter } from './adapters/aadhaar/aadhaar-adapter.js';
import { createSandboxAadhaarAdapter } from './adapters/aadhaar/sandbox/sandbox-aadhaar-adapter.js';
import { createDevOutboxSmsSender } from './adapters/sms/dev-outbox-sms-sender.js';
import { createHttpSmsSender } from './adapters/sms/http-sms-sender.js';
import type { SmsSender } from './adapters/sms/sms-sender.js';
import type { SafeFetch } from './adapters/issuer-endpoint/safe-fetch.js';
import { ids, systemRandom, type Ids, type RandomSource } from './lib/ids.js';
import { systemClock, type Clock } from './lib/clock.js';

export interface Runtime {
  config: Readonly<Config>;
  logger: Logger;
  masterKey: MasterKey;
  db: Db;
  blobs: BlobStore;
  sms: SmsSender;
  aadhaar: AadhaarAdapter;
  clock: Clock;
  ids: Ids;
  random: RandomSource;
  /** Replaces the SSRF-safe client for issuers' own endpoints (tests); unset, the DigiLocker adapter builds it from the configuration. */
  issuerFetch?: SafeFetch | undefined;
  /** Worker threads for signing in bulk; they start on first use. */
  signingPool: SigningPool;
  close(): Promise<void>;
}

/** Time, identifiers, randomness and the outbound client: the system's unless a test gives its own. */
export type RuntimeSources = Partial<Pick<Runtime, 'clock' | 'ids' | 'random' | 'issuerFetch'>>;

/**
 * Everything the server needs, from configuration: the master key, the database (migrated)
 * and the blob store. Only the configured backends are constructed.
 */
export async function startRuntime(config: Readonly<Config>, logger: Logger, sources: RuntimeSources = {}): Promise<Runtime> {
  const clock = sources.clock ?? systemClock;
  const loaded = await loadMasterKey(config.masterKey);
  for (const w of loaded.warnings) logger.warn(w);
  if (loaded.generatedAt) {
    logger.warn(
      `DEVELOPMENT MASTER KEY GENERATED at ${loaded.generatedAt}. Everything stored is encrypted under it: ` +
        'back it up with the data folder, and never use a generated key in production (set TIJORI_MASTER_KEY).',
    );
  } else if (config.masterKey.kind === 'generated') {
    logger.warn(`using the development master key in ${config.masterKey.path}; production needs TIJORI_MASTER_KEY`);
  }

  await ensureSchema(config.database);
  if (config.database.kind === 'sqlite') await warnIfOthersCanRead(config.database.file, logger);
  const db = createDb(config.database, {
    onBackgroundError: (err) => logger.warn({ err }, 'the database failed in the background (an idle connection, or a checkpoint); it goes on'),
  });
  try {
    const { applied } = await migrateToLatest(db.kysely);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
  } catch (err) {
    await db.close();
    throw err;
  }
  const blobs = await createBlobStore(config.blobStore, loaded.key).catch(async (err: unknown) => {
    await db.close();
    throw err;
  });
  const sms: SmsSender = config.sms.kind === 'http' ? createHttpSmsSender(config.sms) : createDevOutboxSmsSender(db.kysely, clock);
  if (sms.kind === 'outbox') logger.warn('SMS goes to the DEVELOPMENT OUTBOX (stand-in): read it at /dev/outbox');
  // UIDAI sends Aadhaar OTPs itself; its sandbox stand-in "sends" them to the developer
  // outbox, never through a real gateway (the demo residents' numbers are made up).
  const aadhaar = createSandboxAadhaarAdapter({ masterKey: loaded.key, sms: createDevOutboxSmsSender(db.kysely, clock), now: () => clock.now() });
  logger.warn('Aadhaar OTP and e-KYC come from the DEVELOPMENT SANDBOX of demo residents (stand-in)');
  logger.info(
    {
      database: config.database.kind === 'sqlite' ? `sqlite:${config.database.file}` : redactUrl(config.database.url),
      blobStore: config.blobStore.kind === 'file' ? `file://${config.blobStore.dir}` : `s3://${config.blobStore.bucket}/${config.blobStore.prefix}`,
    },
    'storage ready',
  );
  const signingPool = createSigningPool();
  return {
    config,
    logger,
    masterKey: loaded.key,
    db,
    blobs,
    sms,
    aadhaar,
    clock,
    ids: sources.ids ?? ids,
    random: sources.random ?? systemRandom,
    issuerFetch: sources.issuerFetch,
    signingPool,
    async close() {
      await signingPool.close();
      await blobs.close();
      await db.close();
    },
  };
}

/** New database files are made 0600 (create-db.ts); one made before that, or by hand, may not be. */
async function warnIfOthersCanRead(file: string, logger: Logger): Promise<void> {
  const stat = await fs.stat(file).catch(() => null);
  if (stat && (stat.mode & 0o077) !== 0) {
    logger.warn(`the database file ${file} is readable by other users of this machine and holds residents' personal data; run: chmod 600 ${file}*`);
  }
}
