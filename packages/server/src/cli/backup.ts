import { parseArgs } from 'node:util';
import { BackupError, backupEmbedded } from '../backup/backup-embedded.js';
import { ConfigError } from '../config/config.js';
import { loadConfig } from '../config/load-config.js';

/**
 * `npm run backup -- <folder>`: a consistent copy of the embedded default (SQLite + local blobs)
 * while the server runs, as a data folder (to restore, copy it into place and start the server
 * there). Run it again into the same folder to bring it up to date: only new blobs are copied.
 */
try {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new BackupError('Give the backup folder: npm run backup -- /path/to/backup');
  const config = loadConfig();
  if (config.database.kind !== 'sqlite' || config.blobStore.kind !== 'file') {
    process.stderr.write(
      'backup: this command copies the embedded default (a SQLite database and local blob files). ' +
        'This server uses ' +
        `${config.database.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} and ${config.blobStore.kind === 'file' ? 'local blob files' : 'S3'}: ` +
        'back up PostgreSQL with pg_dump or its continuous archiving, and S3 with bucket versioning or replication.\n',
    );
    process.exit(2);
  }
  const started = Date.now();
  const result = await backupEmbedded({
    sqliteFile: config.database.file,
    blobsDir: config.blobStore.dir,
    dest: positionals[0]!,
    ...(config.masterKey.kind === 'generated' ? { generatedMasterKey: config.masterKey.path } : {}),
  });
  const mb = (result.databaseBytes / 1024 / 1024).toFixed(1);
  process.stdout.write(
    `backup of ${config.dataDir} written to ${positionals[0]} in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `database ${mb} MB (checked), ${result.blobsCopied} blob(s) copied, ${result.blobsRecorded} recorded and all present.\n`,
  );
  process.stdout.write(
    result.masterKeyCopied
      ? 'The development master key is in the backup (master.key): keep the backup as private as the data.\n'
      : 'The master key is not in the backup: without the same TIJORI_MASTER_KEY (or key file) the blobs and the Aadhaar vault cannot be read. Keep it safe separately.\n',
  );
} catch (err) {
  process.stderr.write(`backup: ${err instanceof ConfigError || err instanceof BackupError ? err.message : `failed: ${(err as Error).message}`}\n`);
  process.exit(1);
}
