import type { Migration } from 'kysely';
import * as m0001 from './0001_blobs.js';
import * as m0002 from './0002_residents.js';
import * as m0003 from './0003_issuers_documents.js';
import * as m0004 from './0004_partial_document_indexes.js';
import * as m0005 from './0005_issuer_certificate_key.js';
import * as m0013 from './0013_everyday_use.js';

/** Every migration, in order. Never edit one that has landed: add the next. */
export const migrations: Record<string, Migration> = {
  '0001_blobs': m0001,
  '0002_residents': m0002,
  '0003_issuers_documents': m0003,
  '0004_partial_document_indexes': m0004,
  '0005_issuer_certificate_key': m0005,
  '0013_everyday_use': m0013,
};
