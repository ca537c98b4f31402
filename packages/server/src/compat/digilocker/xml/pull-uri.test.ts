import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  buildPullUriRequest,
  buildPullUriResponse,
  digilockerHmac,
  keyhash,
  parsePullUriRequest,
  parsePullUriResponse,
  verifyDigilockerHmac,
  verifyKeyhash,
  type PullUriRequest,
  type PullUriResponse,
} from './pull-uri.js';
import { parseXml } from '../../../xml/safe-xml.js';
import { attr, childElements, ownText } from '../../../xml/xml-tree.js';
import { AppError } from '../../../lib/errors.js';
import { expectBadRequest, JPEG, PDF, PNG } from '../../../xml/test-support.js';

const TS = '2024-05-01T10:00:00+05:30';
const API_KEY = 'issuer-api-key-123';

function request(over: Partial<PullUriRequest> = {}): PullUriRequest {
  return {
    ver: '1.0',
    ts: TS,
    txn: 'txn-0001',
    orgId: 'in.gov.cbse',
    keyhash: keyhash(API_KEY, TS),
    format: 'both',
    docType: 'HSCER',
    digiLockerId: '123e4567-e89b-12d3-a456-426655440000',
    uid: createHash('sha256').update('234123412346').digest('hex'),
    fullName: 'Asha Kumari',
    dob: '2006-03-31',
    parameters: { RollNo: '1234567', Year: '2024' },
    ...over,
  };
}

describe('keyhash and HMAC', () => {
  it('keyhash is hex SHA-256(apiKey + ts) and verifies in constant time', () => {
    expect(keyhash(API_KEY, TS)).toBe(
      createHash('sha256')
        .update(API_KEY + TS)
        .digest('hex'),
    );
    expect(verifyKeyhash(API_KEY, TS, keyhash(API_KEY, TS).toUpperCase())).toBe(true);
    expect(verifyKeyhash(API_KEY, TS, keyhash('other', TS))).toBe(false);
    expect(verifyKeyhash(API_KEY, TS, keyhash(API_KEY, `${TS}x`))).toBe(false);
    for (const junk of [undefined, '', 'zz', 'a'.repeat(63), 'a'.repeat(65)]) expect(verifyKeyhash(API_KEY, TS, junk)).toBe(false);
  });

  it('the x-digilocker-hmac header is base64 HMAC-SHA256(body, apiKey)', () => {
    const body = buildPullUriRequest(request());
    const h = digilockerHmac(body, API_KEY);
    expect(h).toBe(createHmac('sha256', API_KEY).update(body).digest('base64'));
    expect(verifyDigilockerHmac(body, API_KEY, h)).toBe(true);
    expect(verifyDigilockerHmac(Buffer.from(body), API_KEY, ` ${h} `)).toBe(true);
    expect(verifyDigilockerHmac(`${body} `, API_KEY, h)).toBe(false);
    expect(verifyDigilockerHmac(body, 'wrong', h)).toBe(false);
    for (const junk of [undefined, '', 'abc', h.slice(0, -2)]) expect(verifyDigilockerHmac(body, API_KEY, junk)).toBe(false);
  });
});

describe('PullURIRequest', () => {
  it('builds the documented shape and parses back to the same object', () => {
    const req = request({ photo: JPEG });
    const xml = buildPullUriRequest(req);
    const root = parseXml(xml);
    expect(root.name).toBe('PullURIRequest');
    expect(attr(root, 'xmlns')).toBeUndefined(); // a namespace declaration, not an attribute
    expect(root.namespace).toBe('http://tempuri.org/');
    expect(['ver', 'ts', 'txn', 'orgId', 'keyhash', 'format'].map((a) => attr(root, a))).toEqual(['1.0', TS, 'txn-0001', 'in.gov.cbse', req.keyhash, 'both']);
    const details = childElements(root, 'DocDetails')[0]!;
    expect(childElements(details).map((e) => e.name)).toEqual(['DocType', 'DigiLockerId', 'UID', 'FullName', 'DOB', 'Photo', 'RollNo', 'Year']);
    expect(ownText(childElements(details, 'DOB')[0]!)).toBe('31-03-2006');
    expect(parsePullUriRequest(xml)).toEqual(req);
  });

  it('accepts YYYY-MM-DD dates, empty optional fields, and no format (meaning pdf)', () => {
    const xml = `<PullURIRequest ver="1.0" ts="${TS}" txn="1" orgId="o" keyhash="${'a'.repeat(64)}">
      <DocDetails><DocType>DRVLC</DocType><DigiLockerId>abc</DigiLockerId><UID/><FullName></FullName><DOB>2006-03-31</DOB><UDF1> x </UDF1></DocDetails></PullURIRequest>`;
    const r = parsePullUriRequest(xml);
    expect(r).toMatchObject({ format: 'pdf', dob: '2006-03-31', parameters: { UDF1: 'x' } });
    expect(r.uid).toBeUndefined();
    expect(r.fullName).toBeUndefined();
  });

  it('reports every invalid field, with paths, and never echoes values', () => {
    const xml = buildPullUriRequest(request()).replace('31-03-2006', '31-02-2006').replace('HSCER', 'hscer').replace('format="both"', 'format="doc"');
    const e = expectBadRequest(() => parsePullUriRequest(xml));
    expect((e.details?.errors ?? []).map((x) => x.path).sort()).toEqual([
      '/PullURIRequest/@format',
      '/PullURIRequest/DocDetails/DOB',
      '/PullURIRequest/DocDetails/DocType',
    ]);
    expect(e.message).not.toContain('hscer');
  });

  it('refuses a clear Aadhaar number as UID, both ways, without echoing it', () => {
    const e1 = expectBadRequest(() => buildPullUriRequest(request({ uid: '234123412346' })));
    const xml = buildPullUriRequest(request()).replace(/<UID>[^<]*<\/UID>/, '<UID>2341 2341 2346</UID>');
    const e2 = expectBadRequest(() => parsePullUriRequest(xml));
    for (const e of [e1, e2]) expect(JSON.stringify([e.message, e.details])).not.toMatch(/2346|2341/);
  });

  it('refuses duplicated fields, nested parameters, a missing header, a non-image photo, the wrong root', () => {
    const ok = buildPullUriRequest(request());
    expectBadRequest(() => parsePullUriRequest(ok.replace('<DocType>', '<DocType>HSCER</DocType><DocType>')));
    expectBadRequest(() => parsePullUriRequest(ok.replace('<Year>2024</Year>', '<Year><b>2024</b></Year>')));
    expectBadRequest(() => parsePullUriRequest(ok.replace(/ keyhash="[^"]*"/, '')));
    expectBadRequest(() => parsePullUriRequest(ok.replace(/ ts="[^"]*"/, ' ts="yesterday"')));
    expectBadRequest(() => parsePullUriRequest(ok.replace('<Year>', `<Photo>${PDF.toString('base64')}</Photo><Year>`)));
    expectBadRequest(() => parsePullUriRequest(ok.replace(/PullURIRequest/g, 'PullDocRequest')));
    expectBadRequest(() => buildPullUriRequest(request({ parameters: { DOB: 'x' } })));
    expectBadRequest(() => buildPullUriRequest(request({ parameters: { 'bad name': 'x' } })));
    expectBadRequest(() => buildPullUriRequest(request({ parameters: { Roll: 'line\nbreak' } })));
  });

  it('mangled requests: a request or AppError, nothing else', () => {
    const xml = buildPullUriRequest(request({ photo: PNG }));
    fc.assert(
      fc.property(fc.nat(xml.length), fc.nat(xml.length), fc.string({ maxLength: 6 }), (a, b, ins) => {
        try {
          parsePullUriRequest(xml.slice(0, Math.min(a, b)) + ins + xml.slice(Math.max(a, b)));
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips arbitrary parameters', () => {
    const nameArb = fc
      .stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/)
      .filter((n) => !/^xml/i.test(n) && !['DocType', 'DigiLockerId', 'UID', 'FullName', 'DOB', 'Photo'].includes(n));
    const valueArb = fc
      .string({ unit: fc.constantFrom('a', '1', ' ', '&', '<', '"', 'é', '/'), minLength: 1, maxLength: 30 })
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    fc.assert(
      fc.property(fc.dictionary(nameArb, valueArb, { maxKeys: 8 }), (parameters) => {
        const req = request({ parameters });
        expect(parsePullUriRequest(buildPullUriRequest(req)).parameters).toEqual(parameters);
      }),
      { numRuns: 100 },
    );
  });
});

describe('PullURIResponse', () => {
  const ok: PullUriResponse = {
    status: 'ok',
    ts: TS,
    txn: 'txn-0001',
    persons: [{ name: 'Asha Kumari', dob: '2006-03-31', gender: 'Female', phone: '9876543210', photo: { format: 'PNG', bytes: PNG } }],
    uri: 'in.gov.cbse-HSCER-201412345678',
    docContent: PDF,
    dataContent: Buffer.from('<Certificate/>'),
  };

  it('builds the documented shape and parses back', () => {
    const xml = buildPullUriResponse(ok);
    expect(xml).toContain(
      '<PullURIResponse xmlns:ns2="http://tempuri.org/"><ResponseStatus Status="1" ts="2024-05-01T10:00:00+05:30" txn="txn-0001">1</ResponseStatus>',
    );
    expect(xml).toContain('dob="31-03-2006"');
    expect(parsePullUriResponse(xml, { expectedTxn: 'txn-0001' })).toEqual(ok);
  });

  it('reads pending and error answers without DocDetails', () => {
    expect(parsePullUriResponse('<PullURIResponse><ResponseStatus Status="9" ts="2024-05-01T10:00:00" txn="7">9</ResponseStatus></PullURIResponse>')).toEqual({
      status: 'pending',
      ts: '2024-05-01T10:00:00',
      txn: '7',
      persons: [],
    });
    expect(
      parsePullUriResponse('<ns2:PullURIResponse xmlns:ns2="http://tempuri.org/"><ns2:ResponseStatus>0</ns2:ResponseStatus></ns2:PullURIResponse>').status,
    ).toBe('error');
  });

  it('accepts what issuers send in the wild: M/F genders, YYYY-MM-DD, wrapped base64', () => {
    const b64 = PDF.toString('base64').replace(/(.{8})/g, '$1\n');
    const xml = `<PullURIResponse><ResponseStatus Status="1">1</ResponseStatus><DocDetails><IssuedTo><Persons><Person name="A" dob="2006-03-31" gender="F" phone=""/></Persons></IssuedTo><URI>in.gov.transport-DRVLC-GJ06001227</URI><DocContent>${b64}</DocContent></DocDetails></PullURIResponse>`;
    expect(parsePullUriResponse(xml)).toMatchObject({ status: 'ok', persons: [{ name: 'A', dob: '2006-03-31', gender: 'Female' }], docContent: PDF });
  });

  it('refuses malformed URIs, bad base64, non-PDF content, a txn that does not echo, status 1 without URI', () => {
    const xml = buildPullUriResponse(ok);
    for (const bad of ['in.gov.cbse-hscer-1', 'in.gov.cbse-HSCERX-1', 'in.gov.cbse-HSCER-12_3', 'cbse-HSCER-1', '-HSCER-1', 'in.gov.cbse-HSCER-']) {
      expectBadRequest(() => parsePullUriResponse(xml.replace('in.gov.cbse-HSCER-201412345678', bad)));
    }
    expectBadRequest(() => parsePullUriResponse(xml.replace(PDF.toString('base64'), 'not base64!')));
    expectBadRequest(() => parsePullUriResponse(xml.replace(PDF.toString('base64'), PNG.toString('base64'))));
    expectBadRequest(() => parsePullUriResponse(xml.replace(Buffer.from('<Certificate/>').toString('base64'), Buffer.from('hello').toString('base64'))));
    expectBadRequest(() => parsePullUriResponse(xml, { expectedTxn: 'another' }));
    expectBadRequest(() => parsePullUriResponse(xml.replace(/<URI>[^<]*<\/URI>/, '')));
    expectBadRequest(() => parsePullUriResponse(xml.replace('Status="1"', 'Status="2"').replace('>1</ResponseStatus>', '>2</ResponseStatus>')));
    expectBadRequest(() => parsePullUriResponse(xml.replace('Status="1"', 'Status="0"')));
    expectBadRequest(() => parsePullUriResponse(xml.replace('gender="Female"', 'gender="X"')));
  });

  it('bounds decoded sizes before decoding', () => {
    const big = Buffer.concat([PDF, Buffer.alloc(2048)]);
    const xml = buildPullUriResponse({ ...ok, docContent: big });
    const e = expectBadRequest(() => parsePullUriResponse(xml, { maxDocBytes: 1024 }));
    expect(e.message).toMatch(/more than 1024 bytes/);
  });

  it('never throws anything but AppError on mangled responses', () => {
    const xml = buildPullUriResponse(ok);
    fc.assert(
      fc.property(fc.nat(xml.length), fc.nat(xml.length), fc.string({ maxLength: 5 }), (a, b, ins) => {
        const mangled = xml.slice(0, Math.min(a, b)) + ins + xml.slice(Math.max(a, b));
        try {
          parsePullUriResponse(mangled);
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
