import { Type } from 'typebox';
import { changeDocumentStatus } from '../../../domain/documents/change-document-status.js';
import { issueDocuments } from '../../../domain/documents/issue-documents.js';
import { searchIssuedDocuments } from '../../../domain/documents/search-issued-documents.js';
import { updateDocument } from '../../../domain/documents/update-document.js';
import { findIssuer } from '../../../domain/issuers/find-issuer.js';
import { assertActsFor } from '../../../domain/actors.js';
import { readIssuerStats } from '../../../domain/issuers/read-issuer-stats.js';
import { uploadHostedRecords } from '../../../domain/pull/hosted-records.js';
import { AppError } from '../../../lib/errors.js';
import { requireDirectoryActor } from '../../directory-auth.js';
import { DocTypeCode, DocumentUri, IsoDate, OrgId } from '../../schemas/directory.schema.js';
import { errorResponses } from '../../schemas/common.schema.js';
import { Language, Mobile } from '../../schemas/residents.schema.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

const DocumentStatus = Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('revoked')]);
const Fields = Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 1000 }), { maxProperties: 100 });
const Holder = Type.Object(
  {
    aadhaar: Type.Optional(
      Type.String({ pattern: '^[0-9]{12}$', description: 'Never stored: used only to find the locker (through the vault’s keyed index).' }),
    ),
    mobile: Type.Optional({
      ...Mobile,
      description:
        'The holder, or beside `aadhaar` only the number where a holder without a locker is invited (once, by SMS; the document stays bound to the Aadhaar).',
    }),
    lockerId: Type.Optional(Type.String({ maxLength: 64 })),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    nameLocal: Type.Optional(Type.String({ maxLength: 200 })),
    dob: Type.Optional(IsoDate),
    language: Type.Optional({ ...Language, description: 'The language of the invitation SMS to a holder without a locker (default English).' }),
  },
  { additionalProperties: false },
);
export const IssueBody = Type.Object(
  {
    docType: DocTypeCode,
    docId: Type.String({ minLength: 1, maxLength: 64 }),
    holder: Holder,
    fields: Fields,
    issuedOn: IsoDate,
    validFrom: Type.Optional(IsoDate),
    validTo: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);

export function registerIssuerDocumentRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.post(
    '/api/v1/issuers/:orgId/documents',
    {
      schema: {
        tags: ['issuance'],
        summary: 'Issue one document (push)',
        description:
          'Signed at once with the issuer’s key. Idempotent per (issuer, doc type, doc id): repeating a push answers 200 `exists` and changes nothing. A holder without an account yet gets the document when they sign up or link that Aadhaar (`held`).',
        params: Type.Object({ orgId: OrgId }),
        body: IssueBody,
        response: {
          201: Type.Object({ uri: Type.String(), outcome: Type.Union([Type.Literal('issued'), Type.Literal('held')]) }),
          200: Type.Object({ uri: Type.String(), outcome: Type.Literal('exists') }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await requireDirectoryActor(deps, config, request);
      const issuer = await findIssuer(deps, request.params.orgId);
      const [result] = await issueDocuments(deps, actor, issuer, [request.body]);
      if (!result!.ok) {
        throw new AppError(result!.code === 'doctype_not_found' ? 'doctype_not_found' : 'validation_failed', result!.message, {
          errors: [{ path: `/body/${(result!.field ?? '').replaceAll('.', '/')}`, message: result!.message }],
        });
      }
      const { uri, outcome } = result!;
      // One literal status per branch, so each body is checked against that status's schema.
      if (outcome === 'exists') return reply.status(200).send({ uri, outcome });
      return reply.status(201).send({ uri, outcome });
    },
  );

  app.post(
    '/api/v1/issuers/:orgId/documents/search',
    {
      schema: {
        tags: ['issuance'],
        summary: 'Find the issuer’s own documents: by holder name, mobile or Aadhaar number, roll or registration number, or URI',
        description:
          'A POST so that names and numbers stay out of URLs and logs. `q` matches the URI; a number that identifies the record — the document number or a roll, registration or licence number among its fields — whole, ignoring case, spaces, dots, slashes and dashes; the beginnings of the words of the holder’s name (as issued or in the local script), in any order and any case; or the mobile or Aadhaar number the document was issued to (resolved through the vault’s keyed index; never stored, never logged). Without `q`, every document passing the filters. `q` needs two letters or digits and at most eight words (`validation_failed` on `/body/q`). Newest first; pass `nextCursor` back as `cursor` for the next page. Each search is audited (`documents.searched`: by what kind, how many; never the text).',
        params: Type.Object({ orgId: OrgId }),
        body: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 200 })),
            docType: Type.Optional(DocTypeCode),
            status: Type.Optional(DocumentStatus),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
            cursor: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            documents: Type.Array(
              Type.Object({
                uri: Type.String(),
                docType: Type.String(),
                docId: Type.String(),
                holderName: Type.String({ description: 'As the issuer gave it.' }),
                issuedOn: Type.String(),
                validTo: Type.Union([Type.String(), Type.Null()]),
                status: Type.Union([DocumentStatus, Type.Literal('expired')], {
                  description: 'As of now: an active document past its valid-to date is expired.',
                }),
                statusReason: Type.Union([Type.String(), Type.Null()]),
                statusChangedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
                holderMobile: Type.Union([Type.String({ pattern: '^X{6}[0-9]{4}$' }), Type.Null()], {
                  description: 'Masked (`XXXXXX1234`): the mobile of the holder’s locker, or the one searched by for a document held for it.',
                }),
                held: Type.Boolean({ description: 'Nobody holds it yet: it waits for the holder to sign up or link their Aadhaar.' }),
              }),
            ),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const actor = await requireDirectoryActor(deps, config, request);
      const issuer = await findIssuer(deps, request.params.orgId);
      const { limit = 20, ...search } = request.body;
      return searchIssuedDocuments(deps, actor, issuer.id, { ...search, limit });
    },
  );

  app.patch(
    '/api/v1/issuers/:orgId/documents/:uri',
    {
      schema: {
        tags: ['issuance'],
        summary: 'Update a document: a new signed version; the old one verifies as superseded',
        params: Type.Object({ orgId: OrgId, uri: DocumentUri }),
        body: Type.Object(
          {
            holder: Type.Optional(
              Type.Object(
                {
                  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
                  nameLocal: Type.Optional(Type.String({ maxLength: 200 })),
                  dob: Type.Optional(IsoDate),
                },
                { additionalProperties: false },
              ),
            ),
            fields: Type.Optional(Fields),
            issuedOn: Type.Optional(IsoDate),
            validFrom: Type.Optional(IsoDate),
            validTo: Type.Optional(IsoDate),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ uri: Type.String(), version: Type.Integer() }), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = await requireDirectoryActor(deps, config, request);
      const issuer = await findIssuer(deps, request.params.orgId);
      assertActsFor(actor, issuer.id);
      if (!request.params.uri.startsWith(`${issuer.org_id}-`)) throw new AppError('document_not_found', 'No document has that URI.');
      return updateDocument(deps, actor, request.params.uri, request.body);
    },
  );

  app.post(
    '/api/v1/issuers/:orgId/documents/:uri/status',
    {
      schema: {
        tags: ['issuance'],
        summary: 'Revoke, suspend or reinstate a document',
        params: Type.Object({ orgId: OrgId, uri: DocumentUri }),
        body: Type.Object({ status: DocumentStatus, reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ uri: Type.String(), status: Type.String() }), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = await requireDirectoryActor(deps, config, request);
      const issuer = await findIssuer(deps, request.params.orgId);
      assertActsFor(actor, issuer.id);
      if (!request.params.uri.startsWith(`${issuer.org_id}-`)) throw new AppError('document_not_found', 'No document has that URI.');
      return changeDocumentStatus(deps, actor, request.params.uri, request.body);
    },
  );

  app.post(
    '/api/v1/issuers/:orgId/document-types/:docType/records',
    {
      schema: {
        tags: ['issuance'],
        summary: 'Upload hosted records that residents can pull documents from',
        params: Type.Object({ orgId: OrgId, docType: DocTypeCode }),
        body: Type.Object(
          {
            records: Type.Array(
              Type.Object({
                parameters: Type.Record(Type.String({ maxLength: 32 }), Type.String({ maxLength: 100 })),
                docId: Type.String({ minLength: 1, maxLength: 64 }),
                holder: Type.Object({
                  name: Type.String({ minLength: 1, maxLength: 200 }),
                  nameLocal: Type.Optional(Type.String({ maxLength: 200 })),
                  dob: Type.Optional(IsoDate),
                }),
                fields: Fields,
                issuedOn: IsoDate,
                validFrom: Type.Optional(IsoDate),
                validTo: Type.Optional(IsoDate),
              }),
              { maxItems: 5000 },
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ accepted: Type.Integer(), rejected: Type.Array(Type.Object({ index: Type.Integer(), message: Type.String() })) }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
      bodyLimit: 20 * 1024 * 1024,
    },
    async (request) =>
      uploadHostedRecords(deps, await requireDirectoryActor(deps, config, request), request.params.orgId, request.params.docType, request.body.records),
  );

  app.get(
    '/api/v1/issuers/:orgId/stats',
    {
      schema: {
        tags: ['issuance'],
        summary: 'How many documents the issuer has issued, by status, and hosted records',
        params: Type.Object({ orgId: OrgId }),
        response: {
          200: Type.Object({ documents: Type.Record(Type.String(), Type.Integer()), hostedRecords: Type.Integer() }),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => readIssuerStats(deps, await requireDirectoryActor(deps, config, request), request.params.orgId),
  );
}
