import type { Kysely } from 'kysely';
import type { AadhaarAdapter } from '../adapters/aadhaar/aadhaar-adapter.js';
import type { SmsSender } from '../adapters/sms/sms-sender.js';
import type { BlobStore } from '../blobs/blob-store.js';
import type { MasterKey } from '../crypto/master-key.js';
import type { SecretHasher } from '../crypto/secrets.js';
import type { SigningPool } from '../crypto/signing-pool.js';
import type { BatchWriter } from '../db/batch-writer.js';
import type { Database } from '../db/schema.js';
import type { Clock } from '../lib/clock.js';
import type { Ids, RandomSource } from '../lib/ids.js';
import type { TimestampAuthority } from '../signatures/tsa/timestamp-authority.js';
import type { IssuerProtocol } from './issuer-protocol.js';
import { aadhaarVaultRepository } from '../repositories/aadhaar-vault.repository.js';
import { activityRepository } from '../repositories/activity.repository.js';
import { blobsRepository } from '../repositories/blobs.repository.js';
import { blobPurgesRepository } from '../repositories/blob-purges.repository.js';
import { documentsRepository } from '../repositories/documents.repository.js';
import { documentStatusRepository } from '../repositories/document-status.repository.js';
import { issuersRepository } from '../repositories/issuers.repository.js';
import { issuerMessagesRepository } from '../repositories/issuer-messages.repository.js';
import { statusListsRepository } from '../repositories/status-lists.repository.js';
import { auditLogRepository } from '../repositories/audit-log.repository.js';
import { hostedRecordsRepository } from '../repositories/hosted-records.repository.js';
import { pullRequestsRepository } from '../repositories/pull-requests.repository.js';
import { awaitedDocumentsRepository } from '../repositories/awaited-documents.repository.js';
import { staffRepository } from '../repositories/staff.repository.js';
import { staffTotpRepository } from '../repositories/staff-totp.repository.js';
import { bulkJobsRepository } from '../repositories/bulk-jobs.repository.js';
import { otpChallengesRepository } from '../repositories/otp-challenges.repository.js';
import { pkiRepository } from '../repositories/pki.repository.js';
import { pinRecoveriesRepository } from '../repositories/pin-recoveries.repository.js';
import { notificationsRepository } from '../repositories/notifications.repository.js';
import { smsOnceRepository } from '../repositories/sms-once.repository.js';
import { rateLimitsRepository } from '../repositories/rate-limits.repository.js';
import { residentsRepository } from '../repositories/residents.repository.js';
import { sessionsRepository } from '../repositories/sessions.repository.js';
import { sharesRepository } from '../repositories/shares.repository.js';
import { statisticsRepository } from '../repositories/statistics.repository.js';
import type { VerificationTally } from './statistics/verification-tally.js';
import { uploadsRepository } from '../repositories/uploads.repository.js';
import { requestersRepository } from '../repositories/requesters.repository.js';
import { consentsRepository } from '../repositories/consents.repository.js';

export function createRepositories(db: Kysely<Database>, batchWriter?: BatchWriter) {
  return {
    residents: residentsRepository(db),
    vault: aadhaarVaultRepository(db),
    challenges: otpChallengesRepository(db),
    sessions: sessionsRepository(db),
    activity: activityRepository(db),
    rateLimits: rateLimitsRepository(db),
    blobs: blobsRepository(db),
    blobPurges: blobPurgesRepository(db),
    issuers: issuersRepository(db),
    issuerMessages: issuerMessagesRepository(db),
    statusLists: statusListsRepository(db),
    auditLog: auditLogRepository(db),
    documents: documentsRepository(db, batchWriter),
    documentStatus: documentStatusRepository(db),
    hostedRecords: hostedRecordsRepository(db),
    pullRequests: pullRequestsRepository(db),
    awaitedDocuments: awaitedDocumentsRepository(db),
    staff: staffRepository(db),
    staffTotp: staffTotpRepository(db),
    bulkJobs: bulkJobsRepository(db),
    shares: sharesRepository(db),
    stats: statisticsRepository(db),
    uploads: uploadsRepository(db),
    pki: pkiRepository(db),
    requesters: requestersRepository(db),
    consents: consentsRepository(db),
    pinRecoveries: pinRecoveriesRepository(db),
    notifications: notificationsRepository(db),
    smsOnce: smsOnceRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;

export interface SessionSettings {
  idleMs: number;
  absoluteMs: number;
}

/** What every use-case may use. Built once per process; tests build their own. */
export interface DomainDeps {
  db: Kysely<Database>;
  repos: Repositories;
  blobs: BlobStore;
  masterKey: MasterKey;
  clock: Clock;
  /** Identifiers (UUIDs, tokens); a test can make them predictable, like the clock. */
  ids: Ids;
  /** Random bytes for secrets, client ids and transaction ids. */
  random: RandomSource;
  /** Signs large batches on worker threads, beside the main thread. */
  signingPool: SigningPool;
  sms: SmsSender;
  aadhaar: AadhaarAdapter;
  sessions: SessionSettings;
  /** Hashes and checks PINs and passwords (scrypt at the configured cost). */
  secrets: SecretHasher;
  /** Where this platform is reached (links, QR codes, did:web). */
  publicUrl: string;
  /** The issuers' wire protocol (DigiLocker's): pulls from their endpoints, message signatures, certificate XML. */
  issuerProtocol: IssuerProtocol;
  /** Verifications counted in memory and added to the statistics every few seconds. */
  verificationTally?: VerificationTally;
  /** An external RFC 3161 time-stamping authority; unset = Tijori's own stand-in. */
  tsa?: TimestampAuthority;
  /** Runs `fn` in one database transaction with repositories bound to it. */
  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  /**
   * True when the database runs one write transaction at a time (SQLite: one connection per
   * process, and BEGIN IMMEDIATE across processes), so two transactions never race for the same
   * row and serialising them by key in the process only adds waits.
   */
  oneWriterAtATime?: boolean;
}

/** Where a request came from, as the resident will see it in the activity log and sessions. */
export interface RequestContext {
  ip: string;
  device: string;
}
