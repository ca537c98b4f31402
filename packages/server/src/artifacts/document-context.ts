/**
 * The JSON-LD context every Tijori document credential names after the VCDM 2.0 one. It ships
 * in the package (verifiers and tests can pin it) and is served at `<public URL>/ns/document/v1`
 * as application/ld+json. Only terms the VCDM context leaves undefined are defined here, all
 * protected, so no term of the base context is redefined.
 */
const NS = 'https://tijori.dev/ns/document#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

export const DOCUMENT_CONTEXT_PATH = '/ns/document/v1';

export function documentContextUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/$/, '')}${DOCUMENT_CONTEXT_PATH}`;
}

export const DOCUMENT_CONTEXT = {
  '@context': {
    '@version': 1.1,
    '@protected': true,
    TijoriIssuedDocument: `${NS}TijoriIssuedDocument`,
    IssuedDocument: `${NS}IssuedDocument`,
    orgId: `${NS}orgId`,
    uri: { '@id': `${NS}uri` },
    version: { '@id': `${NS}version`, '@type': `${XSD}integer` },
    documentType: { '@id': `${NS}documentType` },
    code: `${NS}code`,
    issuedOn: { '@id': `${NS}issuedOn`, '@type': `${XSD}date` },
    // The VCDM context defines `holder` only inside a presentation: here it is the person the
    // document names (credentialSubject.holder).
    holder: { '@id': `${NS}holder` },
    nameLocal: `${NS}nameLocal`,
    birthDate: { '@id': 'https://schema.org/birthDate', '@type': `${XSD}date` },
    fields: { '@id': `${NS}fields`, '@type': '@json' },
    verificationCode: `${NS}verificationCode`,
  },
} as const;
