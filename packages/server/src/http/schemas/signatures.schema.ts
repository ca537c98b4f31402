import { Type } from 'typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** One digital signature of a PDF, as `verifyPdfSignatures` reports it. */
export const SignatureReport = Type.Object({
  index: Type.Integer({ description: '1 = the first (oldest) signature in the file' }),
  signer: Type.Union([
    Type.Object({
      name: Type.String(),
      organization: Nullable(Type.String()),
      serial: Type.String({ description: 'certificate serial number, hex' }),
      issuedBy: Type.String(),
    }),
    Type.Null(),
  ]),
  claimedSigningTime: Nullable(Type.String({ description: 'the time the PDF claims (/M), ISO 8601' })),
  timestamp: Type.Union([
    Type.Object({
      time: Type.String({ description: 'RFC 3161 genTime, ISO 8601' }),
      authority: Type.String(),
      valid: Type.Boolean({ description: 'the token is over this signature and its own signature verifies' }),
      trusted: Type.Boolean({ description: 'the time-stamping authority chains to Tijori’s CA' }),
    }),
    Type.Null(),
  ]),
  format: Nullable(Type.String({ description: 'the /SubFilter, e.g. ETSI.CAdES.detached' })),
  level: Type.Union([Type.Literal('PAdES-B-T'), Type.Literal('PAdES-B-B'), Type.Literal('other')]),
  intact: Type.Boolean({ description: 'the covered bytes are unchanged and the signature value verifies' }),
  certificate: Type.Object({
    chainsToTijori: Type.Boolean(),
    validAtSigningTime: Type.Boolean(),
    revoked: Type.Boolean({ description: 'revoked before the time of signing' }),
    path: Type.Array(Type.String(), { description: 'the certificate chain, signer first' }),
  }),
  coversWholeDocument: Type.Boolean(),
  valid: Type.Boolean({ description: 'intact, chains to Tijori’s CA, valid and not revoked at signing time' }),
  problem: Nullable(Type.String()),
});

export const SignaturesReport = Type.Object({
  signatures: Type.Array(SignatureReport),
  modifiedAfterLastSignature: Type.Boolean({ description: 'bytes were added after the last signature (an unsigned incremental update)' }),
  bytesAfterLastSignature: Type.Integer(),
});
