import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { verhoeffCheckDigit } from '../../../domain/aadhaar/verhoeff.js';
import {
  buildPushCsvRequest,
  buildPushCsvResponse,
  buildPushUriRequest,
  buildPushUriResponse,
  parsePushCsvRequest,
  parsePushResponse,
  parsePushUriRequest,
  type PushCsvRow,
  type PushUriRecord,
} from './push-uri.js';
import { keyhash } from './issuer-auth.js';
import { BULK_XML_LIMITS } from '../../../xml/safe-xml.js';
import { expectBadRequest, expectBadRequestAsync } from '../../../xml/test-support.js';
import { AppError } from '../../../lib/errors.js';

const TS = '2024-05-01T10:00:00+05:30';
const HEAD = { ver: '1.0', ts: TS, txn: 'push-1', orgId: 'in.gov.cbse', keyhash: keyhash('k', TS) };
const AADHAAR = '234123412346';

const record: PushUriRecord = {
  aadhaar: AADHAAR,
  uri: 'in.gov.cbse-HSCER-201412345678',
  issuerId: 'in.gov.cbse',
  docType: 'HSCER',
  docId: '201412345678',
  docName: 'Class XII Marksheet',
  issuedOn: '2024-05-13',
  validFrom: '2024-05-13',
  validTo: '2034-05-12',
  timestamp: '2024-05-13T09:30:00+05:30',
  action: 'A',
};

/** Any error text must not reveal more than the last four digits of the Aadhaar number. */
const noAadhaar = (x: unknown) => expect(JSON.stringify(x)).not.toMatch(/23412341|2341 2341|41234123/);

async function collect(rows: AsyncGenerator<PushCsvRow>): Promise<PushCsvRow[]> {
  const out: PushCsvRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

describe('PushUriRequest', () => {
  it('round-trips a record, dates on the wire as DD-MM-YYYY', () => {
    const xml = buildPushUriRequest({ ...HEAD, record });
    expect(xml).toContain('<IssuedOn>13-05-2024</IssuedOn>');
    expect(parsePushUriRequest(xml)).toEqual({ ...HEAD, record });
  });

  it('accepts both date forms, a spaced Aadhaar, lower-case action; derives type and id from the URI', () => {
    const xml = `<PushUriRequest ver="1.0" ts="${TS}" txn="t" orgId="in.gov.cbse" keyhash="${HEAD.keyhash}"><UriDetails>
      <Aadhaar>2341 2341 2346</Aadhaar><Uri>in.gov.cbse-HSCER-ABC123</Uri><DocType/><DocName>Marksheet</DocName><DocId/>
      <IssuedOn>2024-05-13</IssuedOn><ValidFrom>13/05/2024</ValidFrom><ValidTo></ValidTo><Timestamp>13-05-2024 09:30:00</Timestamp><Action>u</Action></UriDetails></PushUriRequest>`;
    expect(parsePushUriRequest(xml).record).toEqual({
      aadhaar: AADHAAR,
      uri: 'in.gov.cbse-HSCER-ABC123',
      issuerId: 'in.gov.cbse',
      docType: 'HSCER',
      docId: 'ABC123',
      docName: 'Marksheet',
      issuedOn: '2024-05-13',
      validFrom: '2024-05-13',
      timestamp: '2024-05-13T09:30:00',
      action: 'U',
    });
  });

  it('an invalid Aadhaar is reported masked, never in full', () => {
    const xml = buildPushUriRequest({ ...HEAD, record }).replace(AADHAAR, '234123412347');
    const e = expectBadRequest(() => parsePushUriRequest(xml));
    expect(e.message).toContain('XXXX XXXX 2347');
    noAadhaar([e.message, e.details]);
    const e2 = expectBadRequest(() => parsePushUriRequest(buildPushUriRequest({ ...HEAD, record }).replace(AADHAAR, '23412341234')));
    noAadhaar([e2.message, e2.details]);
  });

  it('reports every bad field at once', () => {
    const xml = buildPushUriRequest({ ...HEAD, record })
      .replace('<DocType>HSCER</DocType>', '<DocType>SSCER</DocType>')
      .replace('13-05-2024</IssuedOn>', '31-02-2024</IssuedOn>')
      .replace('<ValidTo>12-05-2034', '<ValidTo>12-05-2020')
      .replace('<Action>A', '<Action>X');
    const e = expectBadRequest(() => parsePushUriRequest(xml));
    expect(e.details?.errors?.map((x) => x.path.split('/').pop())).toEqual(['DocType', 'IssuedOn', 'ValidTo', 'Action']);
  });

  it('refuses missing required fields and a missing UriDetails', () => {
    for (const tag of ['Aadhaar', 'Uri', 'DocName', 'IssuedOn', 'Action']) {
      const xml = buildPushUriRequest({ ...HEAD, record }).replace(new RegExp(`<${tag}>[^<]*</${tag}>`), '');
      expect(expectBadRequest(() => parsePushUriRequest(xml)).details?.errors?.[0]?.path).toBe(`/PushUriRequest/UriDetails/${tag}`);
    }
    expectBadRequest(() => parsePushUriRequest(`<PushUriRequest ver="1.0" ts="${TS}" txn="t" orgId="o" keyhash="${HEAD.keyhash}"/>`));
  });

  it('mangled requests: a record or AppError, and no error ever shows the full Aadhaar number', () => {
    const xml = buildPushUriRequest({ ...HEAD, record });
    fc.assert(
      fc.property(fc.nat(xml.length), fc.nat(xml.length), fc.string({ maxLength: 6 }), (a, b, ins) => {
        const mangled = xml.slice(0, Math.min(a, b)) + ins + xml.slice(Math.max(a, b));
        try {
          parsePushUriRequest(mangled);
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          noAadhaar([(err as AppError).message, (err as AppError).details]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('PushCSVRequest', () => {
  const line = (r: Partial<Record<string, string>> = {}) =>
    [
      r.aadhaar ?? AADHAAR,
      r.uri ?? record.uri,
      r.doctype ?? 'HSCER',
      r.docname ?? 'Class XII Marksheet',
      r.docid ?? '201412345678',
      r.issuedon ?? '13-05-2024',
      r.validfrom ?? '2024-05-13',
      r.validto ?? '',
      r.timestamp ?? '',
      r.action ?? 'A',
    ].join(',');

  it('yields validated rows with line numbers; a header and blank lines are skipped', async () => {
    const csv = [
      'aadhaar,uri,doctype,docname,docid,issuedon,validfrom,validto,timestamp,action',
      line(),
      '',
      line({ aadhaar: '234123412347' }),
      line({ docname: '"Quoted, with comma"' }),
    ].join('\r\n');
    const req = parsePushCsvRequest(buildPushCsvRequest(HEAD, `\ufeff${csv}`));
    expect(req).toMatchObject(HEAD);
    const rows = await collect(req.rows());
    expect(rows.map((r) => [r.row, r.ok])).toEqual([
      [2, true],
      [4, false],
      [5, true],
    ]);
    expect(rows[0]).toMatchObject({ ok: true, record: { aadhaar: AADHAAR, issuedOn: '2024-05-13', validFrom: '2024-05-13', action: 'A' } });
    expect(rows[2]).toMatchObject({ ok: true, record: { docName: 'Quoted, with comma' } });
    const bad = rows[1]!;
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors).toEqual([{ path: 'aadhaar', message: 'XXXX XXXX 2347 is not a valid Aadhaar number (check digit)' }]);
    // rows() can be called again: it re-reads from the start.
    expect(await collect(req.rows())).toHaveLength(3);
  });

  it('a row with the wrong number of columns is a row error, not a file error', async () => {
    const rows = await collect(parsePushCsvRequest(buildPushCsvRequest(HEAD, `${line()}\n${AADHAAR},x,y\n${line()}`)).rows());
    expect(rows.map((r) => r.ok)).toEqual([true, false, true]);
    noAadhaar(rows[1]);
  });

  it('streams a large CSV (100 000 rows) in bounded chunks', async () => {
    const base = '23412341234';
    const n = 100_000;
    const body = Array.from({ length: n }, (_, i) =>
      line({ docid: `D${i}`, uri: `in.gov.cbse-HSCER-D${i}`, aadhaar: i % 1000 === 0 ? '234123412347' : base + verhoeffCheckDigit(base) }),
    ).join('\n');
    const xml = buildPushCsvRequest(HEAD, body);
    expect(xml.length).toBeLessThan(BULK_XML_LIMITS.maxBytes);
    let ok = 0;
    let bad = 0;
    let last = 0;
    for await (const r of parsePushCsvRequest(xml).rows()) {
      expect(r.row).toBeGreaterThan(last);
      last = r.row;
      if (r.ok) ok++;
      else bad++;
    }
    expect([ok, bad]).toEqual([n - 100, 100]);
  });

  it('too many rows or unreadable CSV fails the whole file with a 400', async () => {
    const req = parsePushCsvRequest(buildPushCsvRequest(HEAD, `${line()}\n${line()}\n${line()}`), { maxRows: 2 });
    await expectBadRequestAsync(() => collect(req.rows()));
    const broken = parsePushCsvRequest(buildPushCsvRequest(HEAD, `${line()}\n${AADHAAR},"unterminated\n`));
    const e = await expectBadRequestAsync(() => collect(broken.rows()));
    noAadhaar([e.message, e.details]);
  });

  it('refuses bad base64 and a missing DocContent up front', () => {
    const xml = buildPushCsvRequest(HEAD, line());
    expectBadRequest(() => parsePushCsvRequest(xml.replace(/<DocContent>[^<]*</, '<DocContent>@@@@<')));
    expectBadRequest(() => parsePushCsvRequest(xml.replace(/<DocContent>[^<]*<\/DocContent>/, '')));
  });

  it('whatever the CSV bytes, rows() yields rows or throws AppError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        try {
          for await (const r of parsePushCsvRequest(buildPushCsvRequest(HEAD, bytes)).rows()) expect(typeof r.row).toBe('number');
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('Push responses', () => {
  it('build and read back', () => {
    const xml = buildPushUriResponse({ status: 1, message: 'Success', ts: TS, txn: 'push-1' });
    expect(xml).toContain(
      '<ResponseStatus Status="1" ts="2024-05-01T10:00:00+05:30" txn="push-1">1</ResponseStatus><ResponseMessage>Success</ResponseMessage>',
    );
    expect(parsePushResponse(xml)).toEqual({ status: 1, message: 'Success', ts: TS, txn: 'push-1' });
    const csv = buildPushCsvResponse({
      status: 0,
      message: '1 of 2 rows failed',
      rowErrors: [{ row: 3, errors: [{ path: 'issuedon', message: 'must be a date' }] }],
    });
    expect(csv).toContain('<RowErrors><Error row="3" field="issuedon">must be a date</Error></RowErrors>');
    expect(parsePushResponse(csv)).toEqual({ status: 0, message: '1 of 2 rows failed' });
    expectBadRequest(() => buildPushUriResponse({ status: 2 as 1, message: 'x' }));
  });
});
