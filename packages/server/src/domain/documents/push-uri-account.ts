import { isDate } from '@tijori/rules';
import { AppError } from '../../lib/errors.js';
import type { IssuerRow } from '../../repositories/issuers.repository.js';
import type { IssuerActor } from '../actors.js';
import type { DomainDeps } from '../context.js';
import { digilockerSecret } from '../issuers/issuer-credentials.js';
import { assertMetaHmac } from '../requesters/meta-auth.js';
import { DOC_TYPE_PATTERN } from '../issuers/create-document-type.js';
import { DOC_ID_PATTERN, documentUri } from './issue-documents.js';
import { applyPushRecords } from './push-uri-records.js';

export interface PushUriFields {
  digilockerid?: string;
  uri?: string;
  doctype?: string;
  description?: string;
  docid?: string;
  issuedate?: string;
  validfrom?: string;
  validto?: string;
  action?: string;
}

/**
 * `account/1/pushuri` is a meta call (`clientid`, `ts`, `hmac` = hex SHA-256(client_secret +
 * clientid + ts)) made by an **issuer**: `clientid` is one of its DigiLocker clients (the same
 * credentials its Push URI messages use), never a requester's. That hmac does not cover the body,
 * so, as for Push URI, the `x-digilocker-hmac` header (Base64 HMAC-SHA256 of the exact body
 * under the client secret) is required unless the operator marked the client legacy.
 */
export async function authenticateIssuerMetaCall(
  deps: DomainDeps,
  input: { clientid?: string; ts?: string; hmac?: string },
  signed: { body: Uint8Array; hmac: string | undefined },
): Promise<{ issuer: IssuerRow; actor: IssuerActor }> {
  if (!input.clientid || !input.ts || !input.hmac) throw new AppError('parameter_missing', 'clientid, ts and hmac are required.');
  const cred = await deps.repos.issuers.findCredentialByClientId(input.clientid);
  const secret = cred && cred.revoked_at === null ? await digilockerSecret(deps, input.clientid) : undefined;
  const issuer = secret ? await deps.repos.issuers.findById(secret.issuerId) : undefined;
  if (!cred || !secret || !issuer || issuer.status !== 'active') throw new AppError('invalid_client_id', 'The client id is not an active issuer client.');
  assertMetaHmac(deps, [secret.secret], { clientid: input.clientid, ts: input.ts, hmac: input.hmac });
  if (signed.hmac !== undefined) {
    if (!deps.issuerProtocol.verifyBodySignature(signed.body, secret.secret, signed.hmac))
      throw new AppError(
        'hmac_mismatch',
        'The x-digilocker-hmac header does not match the body (Base64 HMAC-SHA256 of the exact body bytes with the client secret).',
      );
  } else if (cred.legacy_keyhash !== 1) {
    throw new AppError('hmac_missing', 'The x-digilocker-hmac header is required: Base64 HMAC-SHA256 of the exact body bytes with the client secret.');
  }
  await deps.repos.issuers.touchCredential(cred.id, deps.clock.now());
  return { issuer, actor: { kind: 'issuer', issuerId: issuer.id, via: 'digilocker', principalId: cred.id } };
}

/** DDMMYYYY → YYYY-MM-DD, or undefined when absent; a malformed date is `invalid_parameter`. */
export function partnerDate(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(value);
  const iso = m ? `${m[3]}-${m[2]}-${m[1]}` : '';
  if (!isDate(iso)) throw new AppError('invalid_parameter', `${name} must be a date as DDMMYYYY.`);
  return iso;
}

const notHere = () => new AppError('invalid_uri', 'No file found for given URI in this account.');

/**
 * Adds (A), re-dates (U) or deletes (D) one URI in the Issued documents of the resident with
 * this locker id, for the calling issuer, through the Push URI use-case. The URI must be the
 * issuer's own `<org id>-<doctype>-<docid>`. A URI already issued answers `invalid_parameter`
 * saying whether it is in this account or another (the issuer issued it, so this tells it
 * nothing new); U and D act only on a URI in this account.
 */
export async function pushUriToLocker(deps: DomainDeps, issuer: IssuerRow, actor: IssuerActor, input: PushUriFields): Promise<{ uri: string; action: string }> {
  const missing = (['digilockerid', 'uri', 'doctype', 'docid', 'action'] as const).filter((k) => !input[k]?.trim());
  if (missing.length > 0) throw new AppError('parameter_missing', `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} required.`);
  const action = input.action!.trim().toUpperCase();
  if (action !== 'A' && action !== 'U' && action !== 'D') throw new AppError('invalid_parameter', 'action must be A (add), U (update) or D (delete).');
  const docType = input.doctype!.trim();
  const docId = input.docid!.trim();
  const uri = input.uri!.trim();
  if (!new RegExp(DOC_TYPE_PATTERN).test(docType)) throw new AppError('invalid_parameter', 'doctype is not a document type code.');
  if (!DOC_ID_PATTERN.test(docId)) throw new AppError('invalid_parameter', 'docid is malformed.');
  if (uri !== documentUri(issuer.org_id, docType, docId))
    throw new AppError('invalid_parameter', `uri must be ${issuer.org_id}-<doctype>-<docid> for this issuer.`);
  if ((input.description?.length ?? 0) > 200) throw new AppError('invalid_parameter', 'description is longer than 200 characters.');
  const issuedOn = partnerDate(input.issuedate, 'issuedate');
  const validFrom = partnerDate(input.validfrom, 'validfrom');
  const validTo = partnerDate(input.validto, 'validto');
  if (action !== 'D' && !issuedOn) throw new AppError('parameter_missing', 'issuedate is required.');

  const lockerId = input.digilockerid!.trim();
  const resident = /^[0-9a-f-]{36}$/i.test(lockerId) ? await deps.repos.residents.findById(lockerId.toLowerCase()) : undefined;
  if (!resident || resident.status !== 'active') throw new AppError('invalid_digilocker_id', 'No DigiLocker account has this digilockerid.');
  const existing = await deps.repos.documents.findByUri(uri);
  if (action === 'A' && existing) {
    throw new AppError(
      'invalid_parameter',
      existing.resident_id === resident.id ? 'URI already exists in this account.' : 'URI already exists in another account.',
    );
  }
  if (action !== 'A' && (!existing || existing.resident_id !== resident.id)) throw notHere();

  const [outcome] = await applyPushRecords(deps, issuer, actor, [
    {
      lockerId: resident.id,
      uri,
      issuerId: issuer.org_id,
      docType,
      docId,
      issuedOn: issuedOn ?? existing!.issued_on,
      ...(validFrom ? { validFrom } : {}),
      ...(validTo ? { validTo } : {}),
      action,
    },
  ]);
  if (!outcome?.ok) throw new AppError('invalid_parameter', outcome?.message ?? 'The URI could not be pushed.');
  if (action === 'A' && outcome.outcome === 'exists') throw new AppError('invalid_parameter', 'URI already exists in another account.');
  return { uri, action };
}
