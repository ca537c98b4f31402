import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  authenticateRequesterToken,
  requesterFile,
  requesterIssuedFiles,
  requesterUserDetails,
  requesterXml,
} from '../../../domain/consents/requester-access.js';
import type { RequesterActor } from '../../../domain/actors.js';
import { xmlContentType } from '../../../domain/documents/document-xml.js';
import { isUploadedFileUri, requesterDriveFolder, requesterUploadedFile } from '../../../domain/consents/requester-drive.js';
import { requesterEaadhaar } from '../../../domain/consents/requester-eaadhaar.js';
import { eaadhaarPrintPdf } from '../xml/eaadhaar-print.js';
import { signedEaadhaarXml } from '../xml/eaadhaar-xml.js';
import { authenticateMetaCall } from '../../../domain/requesters/meta-auth.js';
import { partnerCounts } from '../../../domain/statistics/partner-counts.js';
import { verifyAccount } from '../../../domain/requesters/verify-account.js';
import { searchIssuers, getIssuer } from '../../../domain/issuers/search-issuers.js';
import type { DomainDeps } from '../../../domain/context.js';
import { AppError } from '../../../lib/errors.js';
import type { TypedApp } from '../../../http/types.js';
import type { RouteContext } from '../../../http/routes/route-context.js';
import { contentDisposition } from '../../../http/routes/uploads/content-disposition.js';
import { formBodies, stringFields } from './form-body.js';

export async function bearer(deps: DomainDeps, request: FastifyRequest): Promise<RequesterActor> {
  const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(request.headers.authorization ?? '');
  if (!m) throw new AppError('invalid_token', 'Send the access token as "Authorization: Bearer <token>".');
  return authenticateRequesterToken(deps, m[1]!);
}

const UriParams = Type.Object({ uri: Type.String({ maxLength: 200 }) });
const URI = /^[a-z][a-z0-9.-]*-[A-Z]{1,5}-[A-Za-z0-9]{1,64}$/;
function checkUri(uri: string): string {
  if (!uri) throw new AppError('uri_missing', 'The URI is missing.');
  if (!URI.test(uri)) throw new AppError('invalid_uri', 'No file found for given URI.');
  return uri;
}

/** The partner API's resource endpoints (Bearer token, only what the consent covers) and HMAC meta calls. */
export function registerPartnerResourceRoutes(app: TypedApp, { deps }: RouteContext): void {
  app.get('/public/oauth2/1/user', { schema: { tags: ['partner'], summary: 'The resident’s details (scope userdetails)' } }, async (request, reply) =>
    reply.header('cache-control', 'no-store').send(await requesterUserDetails(deps, await bearer(deps, request))),
  );
  for (const version of [1, 2] as const) {
    app.get(
      `/public/oauth2/${version}/files/issued`,
      { schema: { tags: ['partner'], summary: `Issued documents the consent covers (v${version}${version === 2 ? ': mime is a list' : ''})` } },
      async (request, reply) => {
        const items = await requesterIssuedFiles(deps, await bearer(deps, request), version);
        return reply.header('cache-control', 'no-store').send(version === 1 ? { items } : { items, resource: 'issued' });
      },
    );
  }
  app.get(
    '/public/oauth2/1/files/',
    { schema: { tags: ['partner'], summary: 'The top level of the resident’s uploaded drive (scope files.uploadeddocs)' } },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await requesterDriveFolder(deps, await bearer(deps, request))),
  );
  app.get(
    '/public/oauth2/1/files/:id',
    {
      schema: {
        tags: ['partner'],
        summary: 'A folder of the resident’s uploaded drive (scope files.uploadeddocs)',
        params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
      },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await requesterDriveFolder(deps, await bearer(deps, request), request.params.id)),
  );
  app.get(
    '/public/oauth2/1/file/:uri',
    { schema: { tags: ['partner'], summary: 'A consented document as PDF, or an uploaded file (PDF, JPEG, PNG)', params: UriParams } },
    async (request, reply) => {
      const access = await bearer(deps, request);
      const uri = checkUri(request.params.uri);
      if (isUploadedFileUri(uri)) {
        const file = await requesterUploadedFile(deps, access, uri);
        return reply
          .type(file.mediaType)
          .header('content-length', file.size)
          .header('content-disposition', contentDisposition('attachment', file.filename))
          .header('cache-control', 'no-store')
          .send(file.stream);
      }
      const pdf = await requesterFile(deps, access, uri);
      return reply
        .type('application/pdf')
        .header('content-length', pdf.size)
        .header('content-disposition', `attachment; filename="${pdf.filename}"`)
        .header('cache-control', 'no-store')
        .send(pdf.stream);
    },
  );
  app.get(
    '/public/oauth2/1/xml/:uri',
    { schema: { tags: ['partner'], summary: 'A consented document’s certificate XML (XML-DSig signed)', params: UriParams } },
    async (request, reply) => {
      const access = await bearer(deps, request);
      // A document pulled from an issuer's endpoint answers the issuer's own certificate, byte for byte.
      const { xml, source } = await requesterXml(deps, access, checkUri(request.params.uri));
      return reply.type(xmlContentType(source)).header('cache-control', 'no-store').send(xml);
    },
  );

  for (const version of [2, 3]) {
    app.get(
      `/public/oauth2/${version}/xml/eaadhaar`,
      { schema: { tags: ['partner'], summary: 'The resident’s e-Aadhaar XML (KycRes, number masked, XML-DSig signed by the platform); scope eaadhaar' } },
      async (request, reply) => {
        const outcome = await requesterEaadhaar(deps, await bearer(deps, request));
        reply.header('cache-control', 'no-store');
        if (outcome.kind === 'not_linked')
          return reply.status(404).send({ error: 'aadhaar_not_linked', error_description: 'The resident has not linked Aadhaar to their locker.' });
        if (outcome.kind === 'not_available')
          return reply.status(404).send({
            error: 'aadhaar_not_available',
            error_description: 'The resident’s Aadhaar was verified by demographic authentication: there is no e-KYC to make an e-Aadhaar of.',
          });
        const print = await eaadhaarPrintPdf(outcome.facts, `${deps.publicUrl}/pki/tijori-xml-signing.pem`);
        return reply
          .type('application/xml; charset=utf-8')
          .send(signedEaadhaarXml(outcome.facts, print, outcome.signer.key, { keyName: outcome.signer.keyName }));
      },
    );
  }

  void app.register(async (scope) => {
    formBodies(scope);
    const meta = stringFields;
    scope.post(
      '/public/oauth2/1/pull/issuers',
      { schema: { tags: ['partner'], summary: 'Issuers (client id + ts + HMAC)', consumes: ['application/x-www-form-urlencoded', 'application/json'] } },
      async (request) => {
        await authenticateMetaCall(deps, meta(request.body));
        const issuers = await searchIssuers(deps, {});
        return { issuers: issuers.map((i) => ({ name: i.names.en, description: i.names.en, categories: i.category, issuerid: i.orgId, orgid: i.orgId })) };
      },
    );
    scope.post(
      '/public/oauth2/1/pull/doctype',
      {
        schema: {
          tags: ['partner'],
          summary: 'Document types of an issuer (client id + ts + HMAC)',
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
        },
      },
      async (request) => {
        const body = meta(request.body);
        await authenticateMetaCall(deps, body);
        if (!body.orgid) throw new AppError('parameter_missing', 'orgid is required.');
        const issuer = await getIssuer(deps, body.orgid).catch(() => {
          throw new AppError('invalid_parameter', 'invalid_orgid: no issuer has that org id.');
        });
        return { documents: issuer.documentTypes.map((d) => ({ doctype: d.code, description: d.names.en })) };
      },
    );
    scope.post(
      '/public/statistics/1/counts',
      {
        schema: {
          tags: ['partner'],
          summary: 'Platform counts (client id + ts + HMAC), from the statistics counters',
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
        },
      },
      async (request) => {
        const requester = await authenticateMetaCall(deps, meta(request.body));
        return partnerCounts(deps, requester);
      },
    );
    scope.post(
      '/public/account/2/verify',
      {
        schema: {
          tags: ['partner'],
          summary: 'Whether an Aadhaar or mobile number has a locker (client id + ts + HMAC; scope account.verify)',
          description:
            'Form fields `uid` (Aadhaar) or `mobile`. Only for requesters the operator granted `account.verify`, rate-limited per client; answers `{registered, digilockerid}` (empty id when not registered).',
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
        },
      },
      async (request, reply) => {
        const body = meta(request.body);
        const requester = await authenticateMetaCall(deps, body);
        return reply.header('cache-control', 'no-store').send(await verifyAccount(deps, requester, { uid: body.uid, mobile: body.mobile }));
      },
    );
  });
}
