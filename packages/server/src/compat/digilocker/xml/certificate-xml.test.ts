import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildCertificateXml, dataToObject, readCertificate, signCertificate, verifyCertificate, type CertificateInput } from './certificate-xml.js';
import { parseXml } from '../../../xml/safe-xml.js';
import { attr, childElements } from '../../../xml/xml-tree.js';
import { expectBadRequest, PNG } from '../../../xml/test-support.js';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

const input: CertificateInput = {
  name: 'Class XII Marksheet',
  type: 'HSCER',
  number: '201412345678',
  issuedAt: 'New Delhi',
  issueDate: '2024-05-13',
  validFromDate: '2024-05-13',
  status: 'A',
  issuedBy: {
    name: 'Central Board of Secondary Education',
    code: 'CBSE',
    type: 'CG',
    address: { line1: 'Shiksha Kendra, 2 Community Centre', district: 'East Delhi', pin: '110092', state: 'Delhi', country: 'IN' },
  },
  issuedTo: {
    uid: 'xxxxxxxx2346',
    name: 'Asha Kumari',
    dob: '2006-03-31',
    gender: 'F',
    phone: '9876543210',
    email: 'asha@example.in',
    address: { vtc: 'Ahmedabad', pin: '380001', state: 'Gujarat', country: 'IN' },
    photo: { format: 'PNG', bytes: PNG },
  },
  data: {
    Examination: {
      '@name': 'AISSCE',
      '@year': '2024',
      RollNo: '1234567',
      Subject: [
        { '@code': '301', '@name': 'English Core', '@marks': '91' },
        { '@code': '041', '@name': 'Mathematics', '@marks': '88' },
      ],
      Result: 'PASS & promoted',
    },
  },
};

describe('Certificate XML', () => {
  it('has the published shape, dates as DD-MM-YYYY, every template attribute present', () => {
    const root = parseXml(buildCertificateXml(input));
    expect(root.name).toBe('Certificate');
    expect(root.attributes.map((a) => a.name)).toEqual([
      'language',
      'name',
      'type',
      'number',
      'prevNumber',
      'issuedAt',
      'issueDate',
      'validFromDate',
      'expiryDate',
      'status',
    ]);
    expect([attr(root, 'language'), attr(root, 'issueDate'), attr(root, 'expiryDate'), attr(root, 'status')]).toEqual(['99', '13-05-2024', '', 'A']);
    expect(childElements(root).map((e) => e.name)).toEqual(['IssuedBy', 'IssuedTo', 'CertificateData']);
    const person = childElements(childElements(root, 'IssuedTo')[0]!, 'Person')[0]!;
    expect(person.attributes.map((a) => a.name)).toEqual(['uid', 'title', 'name', 'dob', 'gender', 'phone', 'email']);
    expect(childElements(person).map((e) => e.name)).toEqual(['Address', 'Photo']);
    expect(childElements(childElements(root, 'CertificateData')[0]!, 'Examination')[0]!.children.map((c) => (c.type === 'element' ? c.name : c.text))).toEqual([
      'RollNo',
      'Subject',
      'Subject',
      'Result',
    ]);
  });

  it.each([
    ['ECDSA P-256', ec],
    ['RSA 2048', rsa],
  ] as const)('signs and verifies with %s; reads back what was built', (_n, { privateKey, publicKey }) => {
    const { certificate, signature } = verifyCertificate(signCertificate(input, privateKey), publicKey);
    const { data, ...rest } = certificate;
    const { data: inputData, ...inputRest } = input;
    expect(rest).toEqual({ ...inputRest, language: '99' });
    expect(dataToObject(data)).toEqual(inputData);
    expect(signature.algorithm).toBe(privateKey.asymmetricKeyType === 'ec' ? 'ecdsa-sha256' : 'rsa-sha256');
  });

  it('with an Id, the signature may reference #Id', () => {
    const signed = signCertificate({ ...input, id: 'cert-1' }, ec.privateKey, { reference: 'id' });
    expect(signed).toContain('URI="#cert-1"');
    expect(verifyCertificate(signed, ec.publicKey).certificate.id).toBe('cert-1');
  });

  it('tampering with a status or a mark is caught', () => {
    const signed = signCertificate(input, ec.privateKey);
    expectBadRequest(() => verifyCertificate(signed.replace('status="A"', 'status="R"'), ec.publicKey));
    expectBadRequest(() => verifyCertificate(signed.replace('marks="88"', 'marks="98"'), ec.publicKey));
  });

  it('never carries an Aadhaar number in clear, and refuses invalid fields with paths', () => {
    const e = expectBadRequest(() => buildCertificateXml({ ...input, issuedTo: { ...input.issuedTo, uid: '2341 2341 2346' } }));
    expect(JSON.stringify([e.message, e.details])).not.toMatch(/2341/);
    const e2 = expectBadRequest(() =>
      buildCertificateXml({
        ...input,
        status: 'X' as 'A',
        type: 'toolong',
        issueDate: '13-05-2024',
        issuedTo: { ...input.issuedTo, gender: 'Q' as 'M', email: 'nope', photo: { format: 'PNG', bytes: Buffer.from('GIF89a') } },
        data: { 'bad name': 'x', '@ok': { nested: 'no' } as unknown as string, Ctrl: 'a\u0000b' },
      }),
    );
    expect(e2.details?.errors?.map((x) => x.path)).toEqual([
      '/Certificate/@status',
      '/Certificate/@type',
      '/Certificate/@issueDate',
      '/Certificate/IssuedTo/Person/@gender',
      '/Certificate/IssuedTo/Person/@email',
      '/Certificate/IssuedTo/Person/Photo',
      '/Certificate/CertificateData/(invalid name)',
      '/Certificate/CertificateData/@ok',
      '/Certificate/CertificateData/Ctrl',
    ]);
  });

  it('bounds the depth of document data', () => {
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 10; i++) deep = { level: deep };
    expectBadRequest(() => buildCertificateXml({ ...input, data: deep as CertificateInput['data'] }));
  });

  it('readCertificate refuses a certificate without its parts', () => {
    expectBadRequest(() => readCertificate(parseXml('<Certificate status="A"/>')));
    expectBadRequest(() => readCertificate(parseXml('<Other/>')));
    const bad = buildCertificateXml(input).replace('issueDate="13-05-2024"', 'issueDate="31-02-2024"');
    expect(expectBadRequest(() => readCertificate(parseXml(bad))).details?.errors?.[0]?.path).toBe('/Certificate/@issueDate');
  });
});
