import { createHash } from 'node:crypto';
import { AppError } from '../../lib/errors.js';
import { assertSignaturesIntact } from '../../signatures/pdf/read-signatures.js';
import { assertInsidePage, signablePages, type FieldPlacement, type PageBox } from '../../signatures/pdf/incremental-update.js';
import { openSmsChallenge, type ChallengeView } from '../auth/challenges.js';
import { enforceLimit } from '../auth/rate-limit.js';
import { smsTexts } from '../auth/sms-texts.js';
import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';
import type { EsignDocuments } from './esign-documents.js';

export const STAMP_SIZE = { width: 240, height: 44 };
/** eSign OTPs a resident may ask for per hour (each is an SMS; a real ESP bills each signature). */
const ESIGN_OTP_LIMIT = { max: 20, windowMs: 60 * 60 * 1000 };

export const STAMP_POSITIONS = ['bottom-right', 'bottom-center', 'bottom-left', 'top-right', 'top-left'] as const;
export type StampPosition = (typeof STAMP_POSITIONS)[number];
const MARGIN = 12;

/** The stamp at one of the named places of a page, 12 pt from its edges (shrunk on a tiny page). */
export function positionedPlacement(pages: PageBox[], page: number, position: StampPosition): FieldPlacement {
  const box = pages[page - 1];
  // No such page: a placement that assertInsidePage refuses with the page count.
  if (!box) return { page, x: 0, y: 0, ...STAMP_SIZE };
  const width = Math.min(STAMP_SIZE.width, box.width - 2 * MARGIN);
  const height = Math.min(STAMP_SIZE.height, box.height - 2 * MARGIN);
  const [vertical, horizontal] = position.split('-') as ['bottom' | 'top', 'left' | 'center' | 'right'];
  const x = horizontal === 'left' ? box.x + MARGIN : horizontal === 'right' ? box.x + box.width - width - MARGIN : box.x + (box.width - width) / 2;
  const y = vertical === 'bottom' ? box.y + MARGIN : box.y + box.height - height - MARGIN;
  return { page, x, y, width, height };
}

/** Where the stamp goes unless the resident chooses: the foot of the last page, on the right. */
export function defaultPlacement(pages: PageBox[]): FieldPlacement {
  return positionedPlacement(pages, pages.length, 'bottom-right');
}

export interface StartEsignInput {
  documentId: string;
  /** The caller's address: OTP sends are capped per address as well. */
  ip: string;
  /**
   * Page (1-based; default the last) and either the lower-left corner in points or one of the
   * named positions (neither: bottom right); the size is the stamp's own.
   */
  placement?: { page?: number; x?: number; y?: number; position?: StampPosition };
}

/**
 * Step 1 of eSign: checks that the document is the actor's, that an Aadhaar is linked (the
 * certificate carries the e-KYC name), and that the PDF can be signed where asked (not
 * encrypted, damaged, truncated or carrying a broken signature; the stamp inside the page) —
 * all before any OTP is sent. The OTP is bound to this resident, to eSign, to this document
 * and to these exact bytes.
 */
export async function startEsign(
  deps: DomainDeps,
  actor: ResidentActor,
  documents: EsignDocuments,
  input: StartEsignInput,
): Promise<ChallengeView & { placement: FieldPlacement }> {
  const { resident, doc } = await loadOwned(deps, actor, documents, input.documentId);
  const pages = await signablePages(doc.pdf);
  assertSignaturesIntact(doc.pdf);
  const placement = chosenPlacement(pages, input.placement);
  assertInsidePage(pages, placement);
  await enforceLimit(deps, `otp:esign:${actor.residentId}`, ESIGN_OTP_LIMIT);
  const challenge = await openSmsChallenge(deps, {
    purpose: 'esign',
    mobile: resident.mobile!,
    residentId: actor.residentId,
    ip: input.ip,
    context: { documentId: input.documentId, sha256: createHash('sha256').update(doc.pdf).digest('hex'), placement },
    message: (code) => smsTexts(resident.language).esign(code, doc.name.slice(0, 40)),
  });
  return { ...challenge, placement };
}

function chosenPlacement(pages: PageBox[], chosen: StartEsignInput['placement']): FieldPlacement {
  if (!chosen) return defaultPlacement(pages);
  const { page = pages.length, x, y, position } = chosen;
  if (x !== undefined && y !== undefined && position === undefined) return { page, x, y, ...STAMP_SIZE };
  if (x === undefined && y === undefined) return positionedPlacement(pages, page, position ?? 'bottom-right');
  throw new AppError('validation_failed', 'Place the stamp either by x and y or by a named position, not both.', {
    errors: [{ path: '/body/placement', message: 'give x and y, or position' }],
  });
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
