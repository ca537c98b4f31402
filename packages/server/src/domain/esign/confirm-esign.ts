import { createHash } from 'node:crypto';
import { AppError } from '../../lib/errors.js';
import { signPdf } from '../../signatures/pdf/sign-pdf.js';
import { renderStampPdf } from '../../signatures/pdf/stamp.js';
import type { FieldPlacement } from '../../signatures/pdf/incremental-update.js';
import { recordActivity } from '../activity/record-activity.js';
import { MAX_NAME_LENGTH } from '../uploads/file-names.js';
import { answerChallenge } from '../auth/challenges.js';
import type { DomainDeps, RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';
import type { EsignDocuments } from './esign-documents.js';
import type { EsignServiceProvider } from './esign-provider.js';
import { esignStampLines } from './esign-stamp.js';
import { loadOwned } from './start-esign.js';

export interface EsignResult {
  /** The new, signed document; the original is unchanged. */
  documentId: string;
  certificateSerial: string;
  signedAt: number;
}

/**
 * Step 2 of eSign: the OTP (of purpose eSign, this resident, this document) releases the
 * signature. The document must still be the bytes the OTP was sent for. The ESP issues a
 * one-time certificate in the e-KYC name and signs the hash; the signed PDF is saved as a new
 * document beside the original, and the activity log records it.
 */
export async function confirmEsign(
  deps: DomainDeps,
  actor: ResidentActor,
  services: { documents: EsignDocuments; esp: EsignServiceProvider },
  input: { documentId: string; challengeId: string; otp: string },
  ctx: RequestContext,
): Promise<EsignResult> {
  const row = await deps.repos.challenges.find(input.challengeId);
  // An OTP sent for another document does not confirm this one (nor says that it exists).
  if (row && row.purpose === 'esign' && row.context.documentId !== input.documentId) {
    throw new AppError('challenge_not_found', 'This verification request does not exist or has ended. Start again.');
  }
  const answered = await answerChallenge(deps, { challengeId: input.challengeId, purpose: 'esign', otp: input.otp, residentId: actor.residentId });
  const context = answered.context as { documentId: string; sha256: string; placement: FieldPlacement };
  const { resident, doc } = await loadOwned(deps, actor, services.documents, input.documentId);
  if (createHash('sha256').update(doc.pdf).digest('hex') !== context.sha256) {
    throw new AppError('esign_document_changed', 'The document changed after the OTP was sent. Start the eSign again.');
  }
  const at = deps.clock.now();
  const appearance = await renderStampPdf({
    width: context.placement.width,
    height: context.placement.height,
    lines: esignStampLines({ name: resident.name, nameLocal: resident.name_local, localScript: resident.local_script, at }),
  });
  let serial = '';
  const signed = await signPdf(doc.pdf, {
    placement: context.placement,
    appearance,
    dictionary: { name: resident.name, reason: 'Self-attested with Aadhaar eSign via Tijori', location: 'India', signingTime: new Date(at) },
    cms: async (digest) => {
      const res = await services.esp.sign({ digest, signer: { residentId: actor.residentId, name: resident.name } });
      serial = res.certificateSerial;
      return res.cms;
    },
  });
  const saved = await services.documents.saveSigned({
    ownerResidentId: actor.residentId,
    originalId: input.documentId,
    name: signedName(doc.name),
    pdf: signed,
  });
  await recordActivity(deps, actor.residentId, 'document_esigned', ctx, { documentId: saved.documentId, originalId: input.documentId, certificate: serial });
  return { documentId: saved.documentId, certificateSerial: serial, signedAt: at };
}

const SIGNED_SUFFIX = ' (eSigned).pdf';

/** "<name> (eSigned).pdf", the name clipped so that the suffix survives the 120-character limit. */
function signedName(name: string): string {
  const base = [...name.replace(/\.pdf$/i, '')]
    .slice(0, MAX_NAME_LENGTH - SIGNED_SUFFIX.length)
    .join('')
    .trim();
  return `${base}${SIGNED_SUFFIX}`;
}
