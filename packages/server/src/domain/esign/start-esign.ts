import { createHash } from 'node:crypto';
import { AppError } from '../../lib/errors.js';
import { assertSignaturesIntact } from '../../signatures/pdf/read-signatures.js';
import { assertInsidePage, signablePages, type FieldPlacement, type PageBox } from '../../signatures/pdf/incremental-update.js';
import { openSmsChallenge, type ChallengeView } from '../auth/challenges.js';
import { enforceLimit } from '../auth/rate-limit.js';
import { SMS } from '../auth/sms-texts.js';
import type { DomainDeps, ResidentActor } from '../context.js';
import type { EsignDocuments } from './esign-documents.js';

export const STAMP_SIZE = { width: 240, height: 44 };
/** eSign OTPs a resident may ask for per hour (each is an SMS; a real ESP bills each signature). */
const ESIGN_OTP_LIMIT = { max: 20, windowMs: 60 * 60 * 1000 };

/** Where the stamp goes unless the resident chooses: the foot of the last page, on the right. */
export function defaultPlacement(pages: PageBox[]): FieldPlacement {
  const last = pages[pages.length - 1]!;
  const width = Math.min(STAMP_SIZE.width, last.width - 24);
  const height = Math.min(STAMP_SIZE.height, last.height - 24);
  return { page: pages.length, x: last.x + last.width - width - 12, y: last.y + 12, width, height };
}

export interface StartEsignInput {
  documentId: string;
  /** The caller's address: OTP sends are capped per address as well. */
  ip: string;
  /** Page (1-based) and lower-left corner in points; the size is the stamp's own. */
  placement?: { page: number; x: number; y: number };
}

/**
 * Step 1 of eSign: checks that the document is the actor's, that an Aadhaar is linked (the
 * certificate carries the e-KYC name), and that the PDF can be signed where asked (not
 * encrypted, damaged, truncated or carrying a broken signature; the stamp inside the page) —
 * all before any OTP is sent. The OTP is bound to this resident, to eSign, to this document
 * and to these exact bytes.
 */
export async function startEsign(deps: DomainDeps, actor: ResidentActor, documents: EsignDocuments, input: StartEsignInput): Promise<ChallengeView & { placement: FieldPlacement }> {
  const { resident, doc } = await loadOwned(deps, actor, documents, input.documentId);
  const pages = await signablePages(doc.pdf);
  assertSignaturesIntact(doc.pdf);
  const placement = input.placement ? { ...input.placement, ...STAMP_SIZE } : defaultPlacement(pages);
  assertInsidePage(pages, placement);
  await enforceLimit(deps, `otp:esign:${actor.residentId}`, ESIGN_OTP_LIMIT);
  const challenge = await openSmsChallenge(deps, {
    purpose: 'esign',
    mobile: resident.mobile!,
    residentId: actor.residentId,
    ip: input.ip,
    context: { documentId: input.documentId, sha256: createHash('sha256').update(doc.pdf).digest('hex'), placement },
    message: (code) => SMS.esign(code, doc.name.slice(0, 40)),
  });
  return { ...challenge, placement };
}

/** The actor's document and profile; another resident's document is "not found" (no hint it exists). */
export async function loadOwned(deps: DomainDeps, actor: ResidentActor, documents: EsignDocuments, documentId: string) {
  const doc = await documents.find(documentId);
  if (!doc || doc.ownerResidentId !== actor.residentId) throw new AppError('document_not_found', 'No such document in your locker.');
  const resident = await deps.repos.residents.findById(actor.residentId);
  if (!resident || resident.status !== 'active') throw new AppError('unauthenticated', 'Sign in again.');
  if (!resident.aadhaar_ref || !resident.name) {
    throw new AppError('aadhaar_not_linked', 'eSign issues a certificate in your Aadhaar e-KYC name: link your Aadhaar first.');
  }
  return { resident: { ...resident, name: resident.name }, doc };
}
