import type { MalwareScanner } from '../../adapters/antivirus/malware-scanner.js';
import type { UploadsConfig } from '../../config/config.js';
import type { DomainDeps } from '../context.js';

/** What the drive's use-cases need beyond every use-case's dependencies. */
export interface UploadDeps extends DomainDeps {
  uploads: Pick<UploadsConfig, 'maxBytes' | 'quotaBytes' | 'maxPixels'>;
  scanner: MalwareScanner;
}

export const BIN_DAYS = 30;
export const BIN_MS = BIN_DAYS * 24 * 60 * 60 * 1000;
/** The drive housekeeping lease (drive-worker.ts); a blob purge started longer ago was stopped by its process. */
export const HOUSEKEEPING_LEASE_MS = 5 * 60_000;
