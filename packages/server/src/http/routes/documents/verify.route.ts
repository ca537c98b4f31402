import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { verifyPdf } from '../../../domain/documents/verify-pdf.js';
import { verifyByCode, verifyCredential, verifyQrToken } from '../../../domain/documents/verify-document.js';
import { enforceLimit } from '../../../domain/auth/rate-limit.js';
import { AppError } from '../../../lib/errors.js';
import { DocumentFieldValues, DocumentHolder, DocumentUri } from '../../schemas/directory.schema.js';
import { errorResponses } from '../../schemas/common.schema.js';
import { SignaturesReport } from '../../schemas/signatures.schema.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';
import { countVerification } from '../../../domain/statistics/count-verification.js';

export const VerificationResult = Type.Object({
  verdict: Type.Union([Type.Literal('genuine'), Type.Literal('tampered'), Type.Literal('unknown')]),
  reason: Type.Optional(Type.String()),
  document: Type.Optional(
    Type.Object({
      uri: Type.String(),
      docType: Type.Object({ code: Type.String(), name: Type.String() }),
      issuer: Type.Object({ orgId: Type.String(), name: Type.String() }),
      holder: Type.String({ description: 'Masked, e.g. A***** M*****' }),
      issuedOn: Type.String(),
      validFrom: Type.Union([Type.String(), Type.Null()]),
      validTo: Type.Union([Type.String(), Type.Null()]),
      status: Type.String({ description: 'active, suspended, revoked or expired — as of now' }),
      statusReason: Type.Union([Type.String(), Type.Null()], { description: 'The reason the issuer gave for revoking or suspending it' }),
      statusChangedAt: Type.Union([Type.String(), Type.Null()]),
      statusSource: Type.Union([Type.Literal('status-list'), Type.Literal('registry')], {
        description:
          'status-list: read from the issuer’s signed W3C Bitstring Status List, as any verifier would; registry: a document issued before status lists',
      }),
      statusList: Type.Union([Type.Object({ url: Type.String(), index: Type.Integer(), signedAt: Type.String() }), Type.Null()]),
      version: Type.Integer(),
      currentVersion: Type.Integer(),
      superseded: Type.Boolean(),
    }),
  ),
  qr: Type.Optional(
    Type.Object(
      { status: Type.String(), asOf: Type.String() },
      {
        description:
          'Only for a QR code: the status it carries and when Tijori recorded it (the start of the hour it was made) — what a verifier checking the QR offline relies on',
      },
    ),
  ),
  contents: Type.Optional(
    Type.Object(
      { holder: DocumentHolder, fields: DocumentFieldValues },
      {
        description:
          'Only when checked by URI and verification code: the holder’s name as printed on the document and its fields as issued, to compare with a paper copy',
      },
    ),
  ),
});

const PdfVerificationResult = Type.Object({
  ...VerificationResult.properties,
  signatures: Type.Optional(SignaturesReport),
});

export function registerVerifyRoutes(app: TypedApp, { deps }: RouteContext): void {
  // A PDF arrives as raw bytes (at most 10 MB), never parsed by anything but the verifier.
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_request, body, done) => done(null, body));
    scope.post(
      '/api/v1/verify/pdf',
      {
        schema: {
          tags: ['verification'],
          summary: 'Verify a PDF (public): send the file as the raw body (Content-Type application/pdf, ≤ 10 MB)',
          description:
            'A byte-for-byte copy of a PDF Tijori made is genuine; a PDF with a valid QR token that is not such a copy is tampered; otherwise unknown. ' +
            'When the PDF carries digital signatures, `signatures` reports each one (signer, time and timestamp, whether the covered bytes are unchanged, whether the certificate chains to Tijori’s CA and was valid at signing time) and whether anything was added after the last one.',
          querystring: Type.Object({ language: Type.Optional(Type.String({ maxLength: 5 })) }, { additionalProperties: false }),
          consumes: ['application/pdf'],
          response: { 200: PdfVerificationResult, ...errorResponses(400, 413, 415, 429) },
        },
        bodyLimit: 10 * 1024 * 1024,
      },
      async (request, reply) => {
        await enforceLimit(deps, `verify:pdf:${request.ip}`, { max: 300, windowMs: 60 * 60 * 1000 });
        if (!Buffer.isBuffer(request.body)) throw new AppError('unsupported_media_type', 'Send the PDF with Content-Type application/pdf.');
        reply.header('cache-control', 'no-store');
        return countVerification(deps, 'pdf', verifyPdf(deps, request.body, request.query.language));
      },
    );
  });

  app.post(
    '/api/v1/verify',
    {
      schema: {
        tags: ['verification'],
        summary: 'Verify a document (public): by QR content, by signed credential, or by URI and verification code',
        description:
          'Give exactly one of `qr`, `credential`, or `uri` with `code`. The answer reflects the document’s status now (revocations show at once). ' +
          'A check by URI and code also answers `contents` (the holder’s name as printed and the fields as issued); a wrong code answers exactly as an unknown URI does.',
        body: Type.Object(
          {
            qr: Type.Optional(Type.String({ maxLength: 4000 })),
            credential: Type.Optional(Type.String({ maxLength: 100_000 })),
            uri: Type.Optional(DocumentUri),
            code: Type.Optional(Type.String({ minLength: 4, maxLength: 20 })),
            language: Type.Optional(Type.String({ maxLength: 5 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: VerificationResult, ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      const { qr, credential, uri, code, language } = request.body;
      reply.header('cache-control', 'no-store');
      if (qr) return countVerification(deps, 'qr', verifyQrToken(deps, qr, language));
      if (credential) return countVerification(deps, 'credential', verifyCredential(deps, credential, language));
      if (uri && code) {
        // Codes are 50 bits; the limit keeps guessing hopeless anyway.
        await enforceLimit(deps, `verify:code:${request.ip}`, { max: 120, windowMs: 60 * 60 * 1000 });
        return countVerification(deps, 'code', verifyByCode(deps, uri, code, language));
      }
      throw new AppError('validation_failed', 'Give the QR content, the signed credential, or the URI with its verification code.', {
        errors: [{ path: '/body', message: 'needs qr, credential, or uri and code' }],
      });
    },
  );
}
