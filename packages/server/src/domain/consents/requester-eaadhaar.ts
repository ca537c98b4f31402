import type { KeyObject } from 'node:crypto';
import type { Address } from '../../adapters/aadhaar/aadhaar-adapter.js';
import { hmacHex } from '../../crypto/secrets.js';
import { AppError } from '../../lib/errors.js';
import type { RequesterActor } from '../actors.js';
import type { DomainDeps } from '../context.js';
import { platformXmlSigner } from '../signatures/tijori-ca.js';
import { viewCertificate } from '../../signatures/certificate-view.js';
import { hasEkyc } from './profile.js';
import { audit, requireScope } from './requester-access.js';

/** What the e-Aadhaar XML says: the e-KYC profile as linked, the number masked to its last four digits. */
export interface EaadhaarFacts {
  /** `XXXXXXXX1234`: the Aadhaar number itself never leaves the vault. */
  maskedUid: string;
  name: string;
  /** The name and address in the local language as e-KYC gave them, and its script (ISO 15924). */
  local: { script: string; name: string | null; address: Address | null } | null;
  /**
   * UIDAI's `tkn`: a token for the Aadhaar number that is the same for every copy this requester
   * gets and differs between requesters, so it can recognise a returning resident without the
   * number and requesters cannot join their records on it.
   */
  uidToken: string;
  /** YYYY-MM-DD, or '' when unknown. */
  dob: string;
  gender: string;
  address: Address | null;
  /** The e-KYC photo (PNG), when there is one. */
  photo: Buffer | null;
  /** The consent this copy was made under (`code` of KycRes) and when (`ts`). */
  consentId: string;
  at: number;
}

export type EaadhaarOutcome =
  | { kind: 'xml'; facts: EaadhaarFacts; signer: { key: KeyObject; keyName: string } }
  /** The resident has not linked Aadhaar (the reference's 404 `aadhaar_not_linked`). */
  | { kind: 'not_linked' }
  /** Linked by demographic authentication, without e-KYC: no e-Aadhaar to give (404 `aadhaar_not_available`). */
  | { kind: 'not_available' };

const PHOTO_MAX = 2 * 1024 * 1024;

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(c as string);
    size += b.length;
    if (size > PHOTO_MAX) throw new AppError('internal_error', 'The e-KYC photo is larger than expected.');
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/**
 * The partner API's e-Aadhaar XML (`oauth2/2/xml/eaadhaar`): only with the `eaadhaar` scope of a
 * live consent; the facts from the resident's linked e-KYC profile and the platform's XML-signing
 * key (the wire format is the compatibility layer's). Every copy is an access on the consent.
 */
export async function requesterEaadhaar(deps: DomainDeps, access: RequesterActor): Promise<EaadhaarOutcome> {
  requireScope(access, 'eaadhaar');
  const r = await deps.repos.residents.findById(access.residentId);
  if (!r || r.status !== 'active') throw new AppError('invalid_token', 'The resident’s account is closed.');
  const vault = r.aadhaar_ref ? await deps.repos.vault.findByRef(r.aadhaar_ref) : undefined;
  if (!vault) return { kind: 'not_linked' };
  if (!hasEkyc(r)) return { kind: 'not_available' };
  const blob = r.photo_sha256 ? await deps.blobs.get(r.photo_sha256) : undefined;
  const photo = blob ? await readAll(blob.stream) : null;
  const signer = await platformXmlSigner(deps);
  await audit(deps, access, 'eaadhaar');
  return {
    kind: 'xml',
    facts: {
      maskedUid: `XXXXXXXX${vault.last4}`,
      name: r.name ?? '',
      local: r.local_script && (r.name_local || r.address_local) ? { script: r.local_script, name: r.name_local, address: r.address_local } : null,
      uidToken: hmacHex(deps.masterKey.derive('eaadhaar/uid-token/v1'), access.requesterId, vault.lookup_hmac),
      dob: r.dob ?? '',
      gender: r.gender ?? '',
      address: r.address,
      photo,
      consentId: access.consentId,
      at: deps.clock.now(),
    },
    signer: { key: signer.key, keyName: viewCertificate(signer.certificate).serialHex },
  };
}
