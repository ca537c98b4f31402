import { signPdf, cadesWithTimestamp } from '../../signatures/pdf/sign-pdf.js';
import { renderStampPdf } from '../../signatures/pdf/stamp.js';
import type { DomainDeps } from '../context.js';
import type { LocalizedText } from '../issuers/localized.js';
import { issuerDocumentSigner } from './issuer-document-signer.js';
import { timestampAuthority } from './tijori-ca.js';

/** Where the issuer's signature stamp sits on page 1 of a rendered certificate (A4, points). */
const PLACEMENT = { page: 1, x: 595.28 - 34 - 196, y: 34, width: 196, height: 26 };

const stamps = new Map<string, Promise<Buffer>>();
const STAMPS_KEPT = 500;

/** The stamp changes only with the issuer and the day: drawn once, then reused. */
function issuerStamp(name: string, day: string): Promise<Buffer> {
  const key = `${name}\0${day}`;
  let stamp = stamps.get(key);
  if (!stamp) {
    if (stamps.size >= STAMPS_KEPT) stamps.delete(stamps.keys().next().value!);
    stamp = renderStampPdf({ width: PLACEMENT.width, height: PLACEMENT.height, lines: [`Digitally signed by ${name}`, `${day} · certified by Tijori CA`] });
    stamp.catch(() => stamps.delete(key));
    stamps.set(key, stamp);
  }
  return stamp;
}

/**
 * Signs a rendered issued document (PAdES B-T) with its issuer's document-signing certificate,
 * with a visible stamp in the footer; the page already states who signed it in both scripts.
 */
export async function signIssuedPdf(deps: DomainDeps, issuer: { id: string; org_id: string; names: LocalizedText }, pdf: Buffer): Promise<Buffer> {
  const signer = await issuerDocumentSigner(deps, issuer);
  const name = issuer.names.en || issuer.org_id;
  const now = new Date(deps.clock.now());
  const appearance = await issuerStamp(name, now.toISOString().slice(0, 10));
  return signPdf(pdf, {
    placement: PLACEMENT,
    appearance,
    dictionary: { name, reason: `Issued by ${name}`, location: deps.publicUrl, signingTime: now },
    cms: cadesWithTimestamp(signer, timestampAuthority(deps)),
  });
}
