/** The shapes sharing works with, shared by the resolvers and the registry (share-targets.ts). */
import type { Readable } from 'node:stream';
import type { ShareTargetKind } from '../../db/schema.js';
import type { ShareRow } from '../../repositories/shares.repository.js';
import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';
import type { VerificationResult } from '../documents/verify-document.js';

/** What a new share asks for. eSigned versions add their own variant here. */
export type ShareTargetInput = { kind: 'issued'; uri: string } | { kind: 'uploaded'; fileId: string };

/** One immutable thing: the row's kind, id, version and (for blobs) content hash. */
export interface PinnedTarget {
  kind: ShareTargetKind;
  id: string;
  version: number;
  ref: string | null;
  /** What the resident and their activity log call it, fixed when the link is made. */
  title: string;
}

export interface SharedIssuedDocument {
  kind: 'issued';
  title: string;
  uri: string;
  docType: { code: string; name: string };
  issuer: { orgId: string; name: string };
  holder: { name: string; nameLocal?: string; birthDate?: string };
  fields: { key: string; label: string; value: string }[];
  issuedOn: string;
  validFrom: string | null;
  validTo: string | null;
  version: number;
  verificationCode: string;
  /** The QR code printed on the document: verifies this very version, online or offline. */
  qrPayload: string;
  /** Checked now, at every open: genuine or not, and the issuer's current status. */
  verification: { verdict: VerificationResult['verdict']; status: string | null; superseded: boolean; checkedAt: string };
}

/** An uploaded file as its receiver sees it. */
export interface SharedUploadedFile {
  kind: 'uploaded';
  title: string;
  name: string;
  mediaType: string;
  size: number;
  pages: number | null;
  version: number;
}

export type SharedContent = SharedIssuedDocument | SharedUploadedFile;

export interface SharedFile {
  body: Buffer | Readable;
  size: number;
  mediaType: string;
  filename: string;
}

/** `view`: the human-readable file (a PDF); `original`: the signed or uploaded original. */
export type SharedFileFormat = 'view' | 'original';

/**
 * Everything sharing needs from a kind of document, in one place: pin it at share time (checking
 * the owner), show it, hand over the file. A kind without a resolver cannot be shared yet.
 */
export interface ShareTargetResolver {
  pin(deps: DomainDeps, actor: ResidentActor, input: ShareTargetInput): Promise<PinnedTarget>;
  present(deps: DomainDeps, share: ShareRow, language: string): Promise<SharedContent>;
  file(deps: DomainDeps, share: ShareRow, format: SharedFileFormat): Promise<SharedFile>;
  /** Throws a coded error when the target is gone (checked before an open takes a view). */
  available?(deps: DomainDeps, share: ShareRow): Promise<void>;
}
