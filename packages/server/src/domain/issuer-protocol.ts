import type { KeyObject } from 'node:crypto';
import type { Address } from '../adapters/aadhaar/aadhaar-adapter.js';

/**
 * The port through which use-cases speak an issuer's wire protocol: today DigiLocker's
 * (implemented in compat/digilocker/issuer-protocol.ts, wired into `deps` by app.ts). The
 * use-cases keep the rules — who may push, what a pull may issue, whose document it is —
 * and this port keeps the formats, the message signatures and the call to the issuer.
 */
export interface IssuerProtocol {
  /**
   * Asks an issuer's Pull URI endpoint for a document: the request signed with the client
   * secret, sent only where the SSRF rules allow, the answer's integrity (and, with a
   * registered key, its certificate's signature) checked. A failure of the endpoint throws an
   * `AppError` with a `repository_service_*` code and a short `reason`.
   */
  pullDocument(endpoint: IssuerEndpoint, request: EndpointPullRequest): Promise<EndpointAnswer>;
  /** True when `keyhash` proves that the sender of a message stamped `ts` holds `secret`. */
  verifyKeyhash(secret: string, ts: string, keyhash: string): boolean;
  /** True when `signature` (the message's signature header) covers exactly `body` under `secret`. */
  verifyBodySignature(body: Uint8Array, secret: string, signature: string): boolean;
  /** The document's machine-readable form, signed with the issuer's key. */
  signedCertificate(certificate: CertificateFacts, signer: { key: KeyObject; keyName: string }): string;
}

/** Where and how an issuer is called for a pull. */
export interface IssuerEndpoint {
  /** The issuer's Pull URI endpoint (`issuers.repository_url`). */
  url: string;
  orgId: string;
  /** The issuer's client secret: signs the request, and the answer must be signed with it. */
  secret: string;
  /** PEM public key the certificate must be signed with; null: the answer's signature suffices. */
  certificateKey: string | null;
}

export interface EndpointPullRequest {
  /** Unique per call; the answer must echo it. */
  txn: string;
  /** Epoch milliseconds. */
  now: number;
  docType: string;
  lockerId: string;
  /** Hex SHA-256 of the resident's Aadhaar number, never the number. */
  uidHash?: string;
  fullName?: string;
  /** YYYY-MM-DD. */
  dob?: string;
  /** The document type's search parameters, in order. */
  parameters: Record<string, string>;
  /** Asks for one document by its URI (a pushed URI whose content Tijori fetches): sent as `<URI>` in DocDetails. */
  uri?: string;
}

/** What the issuer's endpoint answered, already checked. */
export type EndpointAnswer =
  | { status: 'not_found' }
  /** The issuer will push the document later. */
  | { status: 'pending' }
  | {
      status: 'found';
      uri: string;
      /** Whom the issuer says the document was issued to (the first person named). */
      holder?: { name?: string; dob?: string };
      /** The issuer's own PDF rendering, exactly as sent. */
      pdf?: Buffer;
      /** What the certificate says; absent when there was none or (unsigned) it could not be read. */
      certificate?: CertificateDetails;
      /**
       * The issuer's certificate XML exactly as sent (its signature intact), present whenever
       * `certificate` is: it was signed under the registered key, or (none registered) readable.
       */
      certificateXml?: Buffer;
    };

/** What an issuer's certificate says: its dates, and every named value it holds. */
export interface CertificateDetails {
  /** YYYY-MM-DD, as are the other dates. */
  issueDate?: string;
  validFrom?: string;
  validTo?: string;
  /** Whom the certificate names (`IssuedTo/Person`). */
  holder?: { name?: string; dob?: string };
  /** Named values (trimmed, non-empty, at most 1,000 characters; the first of a name wins); the use-case keeps the declared ones. */
  fields: Record<string, string>;
}

/** What a document's machine-readable certificate states. */
export interface CertificateFacts {
  /** The document type's name and code. */
  name: string;
  type: string;
  /** The issuer's document id. */
  number: string;
  uri: string;
  verificationCode: string;
  issueDate: string;
  validFrom?: string;
  validTo?: string;
  status: 'active' | 'expired' | 'revoked' | 'suspended';
  /** `type`: central government, state government or not government. */
  issuer: { name: string; orgId: string; state?: string; type?: 'CG' | 'SG' | 'NG' };
  /** The holder as their e-KYC profile gives them, when the document is in their locker. */
  holder: { name: string; dob?: string; gender?: 'M' | 'F' | 'T'; address?: Address; photo?: Buffer };
  fields: Record<string, string>;
}

/** The header of an issuer's message, as far as authenticating it goes. */
export interface IssuerMessageHeader {
  orgId: string;
  /** Verbatim, as the keyhash covers the exact string. */
  ts: string;
  txn: string;
  keyhash: string;
}
