import { generateKeyPairSync, sign as derSign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SignedXml } from 'xml-crypto';
import { signEnveloped, verifyEnveloped, ECDSA_SHA256 } from './xml-dsig.js';
import { ownText, childElements, attr } from './xml-tree.js';
import { expectBadRequest } from './test-support.js';
import { AppError } from '../lib/errors.js';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' });

const DOC =
  '<Certificate Id="c1" language="99" name="Income Certificate" number="INC-1" status="A"><IssuedTo><Person name="Asha" dob="31-03-2006"/></IssuedTo><CertificateData><Income currency="INR">250000</Income></CertificateData></Certificate>';

const keys: [string, { privateKey: KeyObject; publicKey: KeyObject }][] = [
  ['ECDSA P-256', ec],
  ['RSA 2048', rsa],
];

describe.each(keys)('enveloped signatures with %s', (_name, { privateKey, publicKey }) => {
  it.each(['document', 'id'] as const)('round-trips with reference %s, returning the signed content', (reference) => {
    const signed = signEnveloped(DOC, privateKey, { reference, keyName: 'issuer-key-1' });
    expect(signed).toContain(reference === 'id' ? 'URI="#c1"' : 'URI=""');
    const v = verifyEnveloped(signed, publicKey);
    expect(v.root.name).toBe('Certificate');
    expect(childElements(v.root).map((e) => e.name)).toEqual(['IssuedTo', 'CertificateData']); // Signature gone
    expect(ownText(childElements(childElements(v.root, 'CertificateData')[0]!)[0]!)).toBe('250000');
    expect(v.keyName).toBe('issuer-key-1');
    expect(v.canonicalXml).toContain('<Income currency="INR">250000</Income>');
    // The PEM form of the key works too.
    expect(verifyEnveloped(signed, publicKey.export({ type: 'spki', format: 'pem' }) as string).algorithm).toBe(v.algorithm);
  });

  it('any change to an attribute or text breaks it', () => {
    const signed = signEnveloped(DOC, privateKey);
    const edits: [RegExp | string, string][] = [
      ['250000', '950000'],
      ['name="Asha"', 'name="Asha "'],
      ['dob="31-03-2006"', 'dob="31-03-2007"'],
      ['status="A"', 'status="R"'],
      ['language="99"', 'language="98"'],
      ['<Person ', '<Person extra="1" '],
      ['<Income currency="INR">250000</Income>', ''],
      ['</CertificateData>', '<More/></CertificateData>'],
      ['<Certificate ', '<Certificate xmlns="urn:x" '],
    ];
    for (const [from, to] of edits) {
      const tampered = signed.replace(from, to);
      expect(tampered).not.toBe(signed);
      expectBadRequest(() => verifyEnveloped(tampered, publicKey));
    }
  });

  it('property: flipping any one character of the signed content breaks it', () => {
    const signed = signEnveloped(DOC, privateKey);
    const end = signed.indexOf('<Signature');
    fc.assert(
      fc.property(fc.integer({ min: signed.indexOf('<Certificate'), max: end - 1 }), fc.constantFrom('x', '0', ' ', '"', '<'), (i, c) => {
        if (signed[i] === c) return;
        const tampered = signed.slice(0, i) + c + signed.slice(i + 1);
        try {
          verifyEnveloped(tampered, publicKey);
          // Only a change that canonicalisation erases may survive (e.g. whitespace inside a tag).
          expect(verifyEnveloped(tampered, publicKey).canonicalXml).toBe(verifyEnveloped(signed, publicKey).canonicalXml);
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the key comes from the caller: another key fails, KeyInfo is ignored', () => {
    const forged = signEnveloped(DOC.replace('250000', '1'), attacker.privateKey, { keyName: 'issuer-key-1' });
    expectBadRequest(() => verifyEnveloped(forged, publicKey));
  });
});

describe('policy checks (attack case 20: signature wrapping)', () => {
  const signed = signEnveloped(DOC, ec.privateKey);
  const signedById = signEnveloped(DOC, ec.privateKey, { reference: 'id' });
  const sigOf = (xml: string) => xml.slice(xml.indexOf('<Signature'), xml.indexOf('</Signature>') + '</Signature>'.length);
  const withoutSig = (xml: string) => xml.replace(sigOf(xml), '');

  it('the signed element moved under a new root', () => {
    const body = signed.replace(/^<\?xml[^>]*\?>/, '');
    expectBadRequest(() => verifyEnveloped(`<Wrapper>${body}</Wrapper>`, ec.publicKey));
    expectBadRequest(() => verifyEnveloped(`<Certificate status="A">${body}</Certificate>`, ec.publicKey));
    const e = expectBadRequest(() => verifyEnveloped(`<Wrapper>${body}</Wrapper>`, ec.publicKey, { rootName: 'Certificate' }));
    expect(e.message).toMatch(/Expected a Certificate/);
  });

  it('a new unsigned root carrying the Signature, the original (same Id) hidden inside', () => {
    const inner = withoutSig(signedById).replace(/^<\?xml[^>]*\?>/, '');
    const evil = `<Certificate Id="c1" status="A" name="Forged"><CertificateData><Income>1</Income></CertificateData>${sigOf(signedById)}<Hidden>${inner}</Hidden></Certificate>`;
    const e = expectBadRequest(() => verifyEnveloped(evil, ec.publicKey));
    expect(e.message).toMatch(/Id is used more than once/);
  });

  it('a second, unsigned Certificate next to the signed content, or inside it', () => {
    const body = signed.replace(/^<\?xml[^>]*\?>/, '');
    expectBadRequest(() => verifyEnveloped(`<Certificate status="A"><Certificate name="Forged"/>${sigOf(body)}</Certificate>`, ec.publicKey));
    expectBadRequest(() => verifyEnveloped(signed.replace('</CertificateData>', '<Certificate name="Forged"/></CertificateData>'), ec.publicKey));
  });

  it('two Signatures, a Signature not under the root, stray XML-DSig elements', () => {
    const sig = sigOf(signed);
    expect(expectBadRequest(() => verifyEnveloped(signed.replace('</Certificate>', `${sig}</Certificate>`), ec.publicKey)).message).toMatch(
      /more than one Signature/,
    );
    expect(expectBadRequest(() => verifyEnveloped(withoutSig(signed).replace('</CertificateData>', `${sig}</CertificateData>`), ec.publicKey)).message).toMatch(
      /direct child of the document element/,
    );
    const stray = signed.replace('<CertificateData>', '<CertificateData><ds:Reference xmlns:ds="http://www.w3.org/2000/09/xmldsig#" URI=""/>');
    expect(expectBadRequest(() => verifyEnveloped(stray, ec.publicKey)).message).toMatch(/outside the Signature/);
  });

  it('a Reference to an element other than the root', () => {
    const doc = DOC.replace('<IssuedTo>', '<IssuedTo Id="part">');
    const sx = new SignedXml({
      privateKey: ec.privateKey,
      canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
      signatureAlgorithm: ECDSA_SHA256,
    });
    sx.SignatureAlgorithms = { [ECDSA_SHA256]: rawEcdsa } as unknown as SignedXml['SignatureAlgorithms'];
    sx.addReference({
      xpath: "//*[local-name(.)='IssuedTo']",
      transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    });
    sx.computeSignature(doc);
    const e = expectBadRequest(() => verifyEnveloped(sx.getSignedXml(), ec.publicKey));
    expect(e.message).toMatch(/cover the document element/);
  });

  it('cryptographically valid signatures with weak or unexpected algorithms', () => {
    const make = (sigAlg: string, digest: string, transforms: string[], c14n = 'http://www.w3.org/2001/10/xml-exc-c14n#') => {
      const sx = new SignedXml({ privateKey: rsa.privateKey, canonicalizationAlgorithm: c14n, signatureAlgorithm: sigAlg });
      sx.addReference({ xpath: '/*', transforms, digestAlgorithm: digest, isEmptyUri: true });
      sx.computeSignature(DOC);
      return sx.getSignedXml();
    };
    const ENV = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
    const EXC = 'http://www.w3.org/2001/10/xml-exc-c14n#';
    const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
    const RSA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
    // Sanity: the same construction with our algorithms verifies.
    expect(verifyEnveloped(make(RSA256, SHA256, [ENV, EXC]), rsa.publicKey).algorithm).toBe('rsa-sha256');
    expect(expectBadRequest(() => verifyEnveloped(make('http://www.w3.org/2000/09/xmldsig#rsa-sha1', SHA256, [ENV, EXC]), rsa.publicKey)).message).toMatch(
      /SignatureMethod/,
    );
    expect(expectBadRequest(() => verifyEnveloped(make(RSA256, 'http://www.w3.org/2000/09/xmldsig#sha1', [ENV, EXC]), rsa.publicKey)).message).toMatch(
      /DigestMethod/,
    );
    expectBadRequest(() => verifyEnveloped(make(RSA256, SHA256, [ENV, 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315']), rsa.publicKey));
    expectBadRequest(() => verifyEnveloped(make(RSA256, SHA256, [ENV]), rsa.publicKey));
    expectBadRequest(() => verifyEnveloped(make(RSA256, SHA256, [ENV, EXC], 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments'), rsa.publicKey));
    // An RSA-signed document offered against an EC key (and the reverse) is refused.
    expectBadRequest(() => verifyEnveloped(make(RSA256, SHA256, [ENV, EXC]), ec.publicKey));
    expectBadRequest(() => verifyEnveloped(signed, rsa.publicKey));
  });

  it('comments inside the Signature are refused; comments in the content do not truncate text', () => {
    expectBadRequest(() => verifyEnveloped(signed.replace('<DigestValue>', '<DigestValue><!-- x -->'), ec.publicKey));
    expectBadRequest(() => verifyEnveloped(signed.replace('<SignatureValue>', '<SignatureValue><!---->'), ec.publicKey));
    // exc-c14n without comments: a comment splitting a text node is not signed content, and the
    // returned text is the whole value, never the part before the comment.
    const split = signed.replace('250000', '25<!-- -->0000');
    expect(ownText(childElements(childElements(verifyEnveloped(split, ec.publicKey).root, 'CertificateData')[0]!)[0]!)).toBe('250000');
  });

  it('an ECDSA signature in DER form (not XML-DSig raw r||s) is refused', () => {
    const value = /<SignatureValue>([^<]*)<\/SignatureValue>/.exec(signed)![1]!;
    const der = derSign('sha256', Buffer.from('x'), ec.privateKey).toString('base64'); // wrong encoding and wrong data
    expectBadRequest(() => verifyEnveloped(signed.replace(value, der), ec.publicKey));
  });

  it('an unsigned document, a DTD, XXE inside a signed document', () => {
    expectBadRequest(() => verifyEnveloped(DOC, ec.publicKey));
    const xxe = signed.replace(/^<\?xml[^>]*\?>/, '<!DOCTYPE Certificate [<!ENTITY x SYSTEM "file:///etc/passwd">]>').replace('250000', '&x;');
    expectBadRequest(() => verifyEnveloped(xxe, ec.publicKey));
  });

  it('refuses to sign with unsuitable keys or an already signed document', () => {
    expect(() => signEnveloped(DOC, generateKeyPairSync('ed25519').privateKey)).toThrow(TypeError);
    expect(() => signEnveloped(DOC, generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey)).toThrow(TypeError);
    expect(() => signEnveloped(signed, ec.privateKey)).toThrow(TypeError);
    expect(() => signEnveloped(DOC.replace(' Id="c1"', ''), ec.privateKey, { reference: 'id' })).toThrow(TypeError);
    expect(attr(verifyEnveloped(signed, ec.privateKey).root, 'Id')).toBe('c1'); // a private key verifies via its public half
  });
});

/** Raw r||s ECDSA for hand-built test signatures. */
class rawEcdsa {
  getAlgorithmName = () => ECDSA_SHA256;
  getSignature = (data: string, key: KeyObject) => derSign('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' }).toString('base64');
  verifySignature = () => false;
}
