import type { JWK } from 'jose';
import { createHash, createPublicKey, KeyObject, verify } from 'node:crypto';

/**
 * An issued document as a W3C Verifiable Credential (VCDM 2.0), secured as a compact JWS
 * (`typ: vc+jwt`). The credential JSON is the single source: renderings and other encodings
 * are made from it.
 */
export interface DocumentCredentialInput {
  uri: string;
  version: number;
  issuer: { orgId: string; did: string; name: string };
  docType: { code: string; name: string };
  holder: { name: string; nameLocal?: string; dob?: string };
  fields: Record<string, string>;
  issuedOn: string;
  validFrom?: string;
  validTo?: string;
  verificationCode: string;
  /** The URL of the Tijori document JSON-LD context, as this platform serves it (documentContextUrl). */
  documentContext: string;
  /** The document's entry in its issuer's Bitstring Status Lists (one index, two purposes). */
  status?: { revocationList: string; suspensionList: string; index: number };
}

function statusEntries(status: NonNullable<DocumentCredentialInput['status']>) {
  const entry = (purpose: 'revocation' | 'suspension', list: string) => ({
    id: `${list}#${status.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: String(status.index),
    statusListCredential: list,
  });
  return [entry('revocation', status.revocationList), entry('suspension', status.suspensionList)];
}

export function buildCredential(input: DocumentCredentialInput) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', input.documentContext],
    id: `urn:tijori:document:${input.uri}:v${input.version}`,
    type: ['VerifiableCredential', 'TijoriIssuedDocument'],
    issuer: { id: input.issuer.did, name: input.issuer.name, orgId: input.issuer.orgId },
    validFrom: `${input.validFrom ?? input.issuedOn}T00:00:00Z`,
    ...(input.validTo ? { validUntil: `${input.validTo}T23:59:59Z` } : {}),
    credentialSubject: {
      type: 'IssuedDocument',
      uri: input.uri,
      version: input.version,
      documentType: { code: input.docType.code, name: input.docType.name },
      issuedOn: input.issuedOn,
      holder: {
        name: input.holder.name,
        ...(input.holder.nameLocal ? { nameLocal: input.holder.nameLocal } : {}),
        ...(input.holder.dob ? { birthDate: input.holder.dob } : {}),
      },
      fields: input.fields,
      verificationCode: input.verificationCode,
    },
    ...(input.status ? { credentialStatus: statusEntries(input.status) } : {}),
  };
}

export type DocumentCredential = ReturnType<typeof buildCredential>;

/**
 * The QR code's offline token: a small JWS by the same key over what a verifier needs to see,
 * plus the SHA-256 of the full credential, so a verifier holding the issuer's public key needs
 * no network, and one holding the credential can check that it is the same document. `s` is
 * the status Tijori had recorded and `sa` (Unix seconds) when: an offline check relies on that
 * status and must say how old it is.
 */
export function buildQrClaims(credential: DocumentCredential, credentialJws: string, status: { status: string; asOf: number }) {
  const s = credential.credentialSubject;
  return {
    u: s.uri,
    v: s.version,
    t: s.documentType.code,
    n: s.holder.name,
    i: s.issuedOn,
    ...(credential.validUntil ? { x: credential.validUntil.slice(0, 10) } : {}),
    d: createHash('sha256').update(credentialJws).digest('base64url'),
    s: status.status,
    sa: status.asOf,
  };
}

export type QrClaims = ReturnType<typeof buildQrClaims>;

export interface VerifiedJws<T> {
  payload: T;
  kid: string;
  alg: string;
  typ: string | undefined;
}

/** What verifyJws checks a signature with: a public key object (cache these), or a JWK. */
export type VerifyingKey = KeyObject | JWK;

/** One unpadded base64url segment of a compact JWS. */
const SEGMENT = /^[A-Za-z0-9_-]+$/;

function decodeJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** EdDSA needs an Ed25519 key, ES256 a P-256 key: a key of another type never verifies. */
function suits(key: KeyObject, alg: 'EdDSA' | 'ES256'): boolean {
  if (key.type !== 'public') return false;
  return alg === 'EdDSA' ? key.asymmetricKeyType === 'ed25519' : key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
}

/**
 * The signature check, on libuv's thread pool (node:crypto's callback form): the event loop
 * keeps serving other requests meanwhile, so on a multi-core machine verification runs in
 * parallel with HTTP parsing, queries and responses. ES256 signatures are raw r||s.
 */
function checkSignature(alg: 'EdDSA' | 'ES256', data: Buffer, key: KeyObject, signature: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (err: Error | null, ok: boolean) => resolve(!err && ok);
    try {
      if (alg === 'EdDSA') verify(null, data, key, signature, done);
      else verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature, done);
    } catch {
      resolve(false);
    }
  });
}

/**
 * Verifies a compact JWS (EdDSA or ES256, as signCompactJws makes them) against the key its
 * header's kid names, with node:crypto directly: synchronous and several times cheaper per call
 * than importing a JWK into WebCrypto each time. Strict: three base64url segments, a JSON
 * object header and payload, no `crit` or `b64` extensions, an algorithm that matches the key
 * type; anything else is null, as is a wrong signature.
 */
export async function verifyJws<T>(jws: string, keysFor: (kid: string) => Promise<VerifyingKey | undefined>): Promise<VerifiedJws<T> | null> {
  const parts = jws.split('.');
  if (parts.length !== 3) return null;
  const [h, p, s] = parts as [string, string, string];
  if (!SEGMENT.test(h) || !SEGMENT.test(p) || !SEGMENT.test(s)) return null;
  const header = decodeJson(h);
  if (!isObject(header) || typeof header.kid !== 'string' || (header.alg !== 'EdDSA' && header.alg !== 'ES256')) return null;
  // RFC 7515 §4.1.11: an extension we do not understand must fail; RFC 7797 unencoded payloads are not ours.
  if ('crit' in header || 'b64' in header) return null;
  const alg = header.alg;
  const found = await keysFor(header.kid);
  if (!found) return null;
  let key: KeyObject;
  try {
    key = found instanceof KeyObject ? found : createPublicKey({ key: found as Record<string, string>, format: 'jwk' });
  } catch {
    return null;
  }
  if (!suits(key, alg)) return null;
  const signature = Buffer.from(s, 'base64url');
  if (signature.length !== 64) return null;
  if (!(await checkSignature(alg, Buffer.from(`${h}.${p}`, 'latin1'), key, signature))) return null;
  const payload = decodeJson(p);
  if (!isObject(payload)) return null;
  return { payload: payload as T, kid: header.kid, alg, typ: typeof header.typ === 'string' ? header.typ : undefined };
}
