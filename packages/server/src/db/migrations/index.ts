import type { Migration } from 'kysely';
import * as m0001 from './0001_blobs.js';
import * as m0002 from './0002_residents.js';
import * as m0003 from './0003_issuers_documents.js';
import * as m0004 from './0004_partial_document_indexes.js';
import * as m0005 from './0005_issuer_certificate_key.js';
import * as m0006 from './0006_issuer_trust.js';
import * as m0008 from './0008_uploaded_files.js';
import * as m0009 from './0009_shares.js';
import * as m0010 from './0010_platform_statistics.js';
import * as m0011 from './0011_signatures.js';
import * as m0012 from './0012_requesters_consents.js';
import * as m0013 from './0013_everyday_use.js';
import * as m0014 from './0014_share_target_ref_index.js';
import * as m0015 from './0015_staff_totp.js';
import * as m0016 from './0016_oauth_request_resident.js';
import * as m0017 from './0017_uploaded_files_listing_indexes.js';
import * as m0018 from './0018_awaited_documents.js';
import * as m0019 from './0019_sms_once.js';
import * as m0020 from './0020_requester_public_keys.js';
import * as m0021 from './0021_issued_document_terms.js';
import * as m0022 from './0022_requester_logos.js';
import * as m0023 from './0023_bulk_rejection_reasons.js';
import * as m0024 from './0024_bulk_status_jobs.js';
import * as m0025 from './0025_consent_drive_grants.js';
import * as m0026 from './0026_issued_document_terms_status.js';
import * as m0027 from './0027_blob_purges.js';
import * as m0028 from './0028_issued_document_status_terms.js';
import * as m0029 from './0029_status_terms_by_key.js';
import * as m0030 from './0030_status_list_entries_covering.js';

/** Every migration, in order. Never edit one that has landed: add the next. */
export const migrations: Record<string, Migration> = {
  '0001_blobs': m0001,
  '0002_residents': m0002,
  '0003_issuers_documents': m0003,
  '0004_partial_document_indexes': m0004,
  '0005_issuer_certificate_key': m0005,
  '0006_issuer_trust': m0006,
  '0008_uploaded_files': m0008,
  '0009_shares': m0009,
  '0010_platform_statistics': m0010,
  '0011_signatures': m0011,
  '0012_requesters_consents': m0012,
  '0013_everyday_use': m0013,
  '0014_share_target_ref_index': m0014,
  '0015_staff_totp': m0015,
  '0016_oauth_request_resident': m0016,
  '0017_uploaded_files_listing_indexes': m0017,
  '0018_awaited_documents': m0018,
  '0019_sms_once': m0019,
  '0020_requester_public_keys': m0020,
  '0021_issued_document_terms': m0021,
  '0022_requester_logos': m0022,
  '0023_bulk_rejection_reasons': m0023,
  '0024_bulk_status_jobs': m0024,
  '0025_consent_drive_grants': m0025,
  '0026_issued_document_terms_status': m0026,
  '0027_blob_purges': m0027,
  '0028_issued_document_status_terms': m0028,
  '0029_status_terms_by_key': m0029,
  '0030_status_list_entries_covering': m0030,
};
