import { Type } from 'typebox';
import { ownedDocument, qrPayload } from '../../../domain/documents/document-artifacts.js';
import { effectiveStatus } from '../../../domain/documents/document-status.js';
import { listResidentDocuments } from '../../../domain/documents/list-resident-documents.js';
import { documentPdf } from '../../../domain/documents/document-pdf.js';
import { documentXml, xmlContentType } from '../../../domain/documents/document-xml.js';
import { renderQrSvg } from '../../../artifacts/render/qr.js';
import { pick } from '../../../domain/issuers/localized.js';
import { labelledFields } from '../../../domain/documents/document-contents.js';
import { pullDocument } from '../../../domain/pull/pull-document.js';
import { DocumentFieldValues, DocumentHolder, DocumentUri, OrgId, DocTypeCode } from '../../schemas/directory.schema.js';
import { errorResponses } from '../../schemas/common.schema.js';
import { requireResident } from '../../session-auth.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

const Summary = Type.Object({
  uri: Type.String(),
  name: Type.String(),
  docType: Type.String(),
  docId: Type.String(),
  issuer: Type.Object({ orgId: Type.String(), name: Type.String() }),
  issuedOn: Type.String(),
  validFrom: Type.Union([Type.String(), Type.Null()]),
  validTo: Type.Union([Type.String(), Type.Null()]),
  status: Type.String({ description: 'active, suspended, revoked or expired' }),
  version: Type.Integer(),
});

const Awaited = Type.Intersect([
  Type.Pick(Summary, ['uri', 'name', 'docType', 'docId', 'issuer', 'issuedOn']),
  Type.Object({
    status: Type.Literal('awaited', { description: 'content awaited from the issuer' }),
    since: Type.Integer({ description: 'when the issuer pushed the URI (epoch milliseconds)' }),
  }),
]);

const Source = Type.Union([Type.Literal('issuer'), Type.Literal('tijori')], {
  description: 'issuer: what the issuer’s own endpoint sent, byte for byte; tijori: what Tijori made and signs',
});

export function registerResidentDocumentRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.get(
    '/api/v1/me/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'Your issued documents, newest first',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            documents: Type.Array(Summary),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
            awaited: Type.Array(Awaited, {
              description: 'URIs an issuer pushed whose content it has not given yet (listed with the first page only): not documents yet',
            }),
          }),
          ...errorResponses(400, 401),
        },
      },
    },
    async (request) => {
      const { actor, resident } = await requireResident(deps, config, request);
      return listResidentDocuments(deps, actor, {
        limit: request.query.limit ?? 50,
        ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
        language: resident.language,
      });
    },
  );

  app.get(
    '/api/v1/me/documents/:uri',
    {
      schema: {
        tags: ['documents'],
        summary: 'One of your documents: details, fields and its QR content',
        params: Type.Object({ uri: DocumentUri }),
        response: {
          200: Type.Intersect([
            Summary,
            Type.Object({
              holder: DocumentHolder,
              fields: DocumentFieldValues,
              verificationCode: Type.String(),
              qrPayload: Type.String(),
            }),
          ]),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const { actor, resident } = await requireResident(deps, config, request);
      const owned = await ownedDocument(deps, actor, request.params.uri);
      const type = await deps.repos.issuers.findDocumentType(owned.issuer.id, owned.doc.doc_type);
      const s = owned.credential.credentialSubject;
      return {
        uri: owned.doc.uri,
        name: type ? pick(type.names, resident.language) : owned.doc.doc_type,
        docType: owned.doc.doc_type,
        docId: owned.doc.doc_id,
        issuer: { orgId: owned.issuer.org_id, name: pick(owned.issuer.names, resident.language) },
        issuedOn: owned.doc.issued_on,
        validFrom: owned.doc.valid_from,
        validTo: owned.doc.valid_to,
        status: effectiveStatus(owned.doc.status, owned.doc.valid_to, deps.clock.now()),
        version: owned.doc.version,
        holder: s.holder,
        fields: labelledFields(type, s.fields, resident.language),
        verificationCode: owned.doc.verification_code,
        qrPayload: await qrPayload(deps, owned),
      };
    },
  );

  app.get(
    '/api/v1/me/documents/:uri/credential',
    {
      schema: {
        tags: ['documents'],
        summary: 'Download the signed, machine-readable form: a W3C Verifiable Credential as a JWS (application/vc+jwt)',
        params: Type.Object({ uri: DocumentUri }),
        produces: ['application/vc+jwt'],
        response: { 200: Type.String(), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { actor } = await requireResident(deps, config, request);
      const owned = await ownedDocument(deps, actor, request.params.uri);
      return reply
        .type('application/vc+jwt')
        .header('content-disposition', `attachment; filename="${owned.doc.uri}.vc.jwt"`)
        .header('cache-control', 'private, no-store')
        .send(owned.version.credential);
    },
  );

  app.get(
    '/api/v1/me/documents/:uri/pdf',
    {
      schema: {
        tags: ['documents'],
        summary: 'The document as a PDF (with its QR code), made on first view',
        description: 'source=issuer: the PDF the issuer’s own endpoint sent for a pulled document, byte for byte (404 when it sent none).',
        params: Type.Object({ uri: DocumentUri }),
        querystring: Type.Object({ download: Type.Optional(Type.Boolean()), source: Type.Optional(Source) }, { additionalProperties: false }),
        produces: ['application/pdf'],
        response: { 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary' }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { actor } = await requireResident(deps, config, request);
      const pdf = await documentPdf(deps, actor, request.params.uri, request.query.source);
      return reply
        .type('application/pdf')
        .header('content-length', pdf.size)
        .header('content-disposition', `${request.query.download ? 'attachment' : 'inline'}; filename="${pdf.filename}"`)
        .header('cache-control', 'private, no-store')
        .send(pdf.stream);
    },
  );

  app.get(
    '/api/v1/me/documents/:uri/xml',
    {
      schema: {
        tags: ['documents'],
        summary: 'Download the DigiLocker certificate XML, signed with XML-DSig',
        description:
          'For a document pulled from an issuer’s own endpoint that sent its certificate XML: that XML, byte for byte, signed with the issuer’s own key. ' +
          'Otherwise (or with source=tijori) the XML Tijori signs with the issuer’s ECDSA P-256 key (in the issuer’s JWKS), showing the current status. ' +
          'The x-tijori-source header says which.',
        params: Type.Object({ uri: DocumentUri }),
        querystring: Type.Object({ source: Type.Optional(Source) }, { additionalProperties: false }),
        produces: ['application/xml'],
        // The issuer's original is sent as its exact bytes.
        response: { 200: Type.Unsafe<string | Buffer>({ type: 'string' }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { actor } = await requireResident(deps, config, request);
      const { xml, filename, source } = await documentXml(deps, actor, request.params.uri, request.query.source);
      return reply
        .type(xmlContentType(source))
        .header('x-tijori-source', source)
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'private, no-store')
        .send(xml);
    },
  );

  app.get(
    '/api/v1/me/documents/:uri/qr.svg',
    {
      schema: {
        tags: ['documents'],
        summary: 'The document’s QR code as SVG (verifies online and offline)',
        params: Type.Object({ uri: DocumentUri }),
        produces: ['image/svg+xml'],
        response: { 200: Type.String(), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { actor } = await requireResident(deps, config, request);
      const svg = renderQrSvg(await qrPayload(deps, await ownedDocument(deps, actor, request.params.uri)));
      return reply
        .type('image/svg+xml')
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(svg);
    },
  );

  app.post(
    '/api/v1/me/pull',
    {
      schema: {
        tags: ['documents'],
        summary: 'Pull a document from an issuer with your details (roll number, year …)',
        body: Type.Object(
          {
            orgId: OrgId,
            docType: DocTypeCode,
            parameters: Type.Record(Type.String({ maxLength: 32 }), Type.String({ maxLength: 100 }), { maxProperties: 10 }),
            consent: Type.Boolean(),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ status: Type.Literal('issued'), uri: Type.String(), alreadyHeld: Type.Boolean() }),
          202: Type.Object({ status: Type.Literal('pending'), requestId: Type.String() }),
          ...errorResponses(400, 401, 403, 404, 409, 429, 500, 502, 503),
        },
      },
    },
    async (request, reply) => {
      const { actor } = await requireResident(deps, config, request);
      const outcome = await pullDocument(deps, actor, request.body);
      // One literal status per branch, so each body is checked against that status's schema.
      if (outcome.status === 'issued') return reply.status(201).send(outcome);
      return reply.status(202).send(outcome);
    },
  );
}
