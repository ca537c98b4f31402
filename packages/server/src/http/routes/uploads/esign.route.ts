import { Type } from 'typebox';
import { confirmEsign } from '../../../domain/esign/confirm-esign.js';
import { STAMP_POSITIONS, startEsign } from '../../../domain/esign/start-esign.js';
import { tijoriEsp } from '../../../domain/esign/tijori-esp.js';
import { uploadedEsignDocuments } from '../../../domain/uploads/esign-uploads.js';
import { getUploadedFile } from '../../../domain/uploads/read-file.js';
import type { UploadDeps } from '../../../domain/uploads/upload-deps.js';
import { errorResponses, refTo } from '../../schemas/common.schema.js';
import { ChallengeId, Otp } from '../../schemas/residents.schema.js';
import { requestContext, requireResident } from '../../session-auth.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';
import { Id, UploadedFile } from './uploads.schema.js';

const FileParams = Type.Object({ id: Id });
const Placement = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: '1-based page (default: the last).' })),
    x: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 100_000,
        description: 'Left edge of the stamp, in PDF points from the page’s left (with `y`; instead of `position`).',
      }),
    ),
    y: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000, description: 'Bottom edge of the stamp, in PDF points from the page’s bottom (with `x`).' })),
    position: Type.Optional(
      Type.Union(
        STAMP_POSITIONS.map((p) => Type.Literal(p)),
        { description: 'A named place on the page, 12 pt from its edges (default bottom-right).' },
      ),
    ),
  },
  { additionalProperties: false },
);
const EsignChallenge = Type.Object({
  challengeId: Type.String(),
  maskedMobile: Type.String(),
  expiresInSeconds: Type.Integer(),
  resendAfterSeconds: Type.Integer(),
  placement: Type.Object(
    { page: Type.Integer(), x: Type.Number(), y: Type.Number(), width: Type.Number(), height: Type.Number() },
    { description: 'Where the stamp will go (the default: foot of the last page, on the right).' },
  ),
});
const EsignResult = Type.Object({
  file: refTo(UploadedFile),
  certificateSerial: Type.String({ description: 'Serial (hex) of the one-time certificate in your Aadhaar e-KYC name.' }),
  signedAt: Type.String({ format: 'date-time' }),
});

/** eSign (self-attestation) of a PDF in the resident's drive: an OTP, then a new signed copy beside it. */
export function registerEsignRoutes(app: TypedApp, { config }: RouteContext, deps: UploadDeps): void {
  app.post(
    '/api/v1/me/files/:id/esign',
    {
      schema: {
        tags: ['uploads'],
        summary: 'eSign one of your PDFs, step 1: check it and send an OTP bound to it',
        description:
          'Needs a linked Aadhaar (the certificate carries your e-KYC name) and a clean PDF that is not encrypted, damaged or carrying a broken signature, or a clean photo (JPEG or PNG), which is first wrapped into a one-page PDF. `placement` puts the stamp: a page and either a named position or the lower-left corner in points; it must fit inside the page (`signature_field_outside_page`). Default: bottom right of the last page.',
        params: FileParams,
        body: Type.Object({ placement: Type.Optional(Placement) }, { additionalProperties: false }),
        response: { 202: EsignChallenge, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 502) },
      },
      // The body may be left out altogether: the stamp then goes to its default place.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const { actor } = await requireResident(deps, config, request);
      const placement = request.body.placement;
      const documents = uploadedEsignDocuments(deps, actor, requestContext(request));
      const started = await startEsign(deps, actor, documents, { documentId: request.params.id, ip: request.ip, ...(placement ? { placement } : {}) });
      return reply.status(202).send(started);
    },
  );

  app.post(
    '/api/v1/me/files/:id/esign/verify',
    {
      schema: {
        tags: ['uploads'],
        summary: 'eSign one of your PDFs, step 2: the OTP; the signed copy is saved as a new file',
        description:
          'Only the eSign OTP sent for this file confirms it (not a sign-in OTP, nor one for another file). The copy, "<name> (eSigned).pdf", goes into the same folder and counts against your quota; the original stays as it was.',
        params: FileParams,
        body: Type.Object({ challengeId: ChallengeId, otp: Otp }, { additionalProperties: false }),
        response: { 201: EsignResult, ...errorResponses(400, 401, 403, 404, 409, 410, 413, 415, 422, 429) },
      },
    },
    async (request, reply) => {
      const { actor } = await requireResident(deps, config, request);
      const context = requestContext(request);
      const documents = uploadedEsignDocuments(deps, actor, context);
      const result = await confirmEsign(deps, actor, { documents, esp: tijoriEsp(deps) }, { documentId: request.params.id, ...request.body }, context);
      const file = await getUploadedFile(deps, actor, result.documentId);
      return reply.status(201).send({ file, certificateSerial: result.certificateSerial, signedAt: new Date(result.signedAt).toISOString() });
    },
  );
}
