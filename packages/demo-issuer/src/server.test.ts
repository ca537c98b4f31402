import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullUriRequestInput } from './protocol.js';
import { HMAC_HEADER, XmlRejected, buildPullUriRequest, decodeXml, hmacBase64, istTimestamp, parseXmlSafely } from './protocol.js';
import { loadIssuerData } from './records.js';
import type { RunningDemoIssuer } from './server.js';
import { REDIRECT_TARGET, startDemoIssuer } from './server.js';

const API_KEY = 'test-key-' + Math.random().toString(36).slice(2);
const data = loadIssuerData();
let issuer: RunningDemoIssuer;

beforeAll(async () => {
  issuer = await startDemoIssuer({ apiKey: API_KEY, port: 0 });
});
afterAll(async () => {
  await issuer.close();
});

type Parsed = {
  PullURIResponse: {
    ResponseStatus: { '@_Status': string; '@_txn': string; '#text': string };
    ResponseMessage?: string;
    DocDetails?: {
      IssuedTo: { Persons: { Person: Record<string, string> } };
      URI: string;
      DocContent?: string;
      DataContent?: string;
    };
  };
};

async function pull(input: Partial<PullUriRequestInput> = {}, tamper?: (r: { body: string; headers: Record<string, string> }) => void, target = issuer) {
  const req = buildPullUriRequest({
    apiKey: API_KEY,
    orgId: data.orgId,
    docType: 'DGCER',
    parameters: { RollNo: 'CE09017', Year: '2009' },
    txn: 'txn-1',
    ...input,
  });
  tamper?.(req);
  const res = await fetch(`${target.url}/pull-uri`, { method: 'POST', body: req.body, headers: req.headers, redirect: 'manual' });
  const text = await res.text();
  return { res, text };
}

async function pullParsed(input: Partial<PullUriRequestInput> = {}, tamper?: (r: { body: string; headers: Record<string, string> }) => void) {
  const { res, text } = await pull(input, tamper);
  expect(res.headers.get(HMAC_HEADER)).toBe(hmacBase64(text, API_KEY)); // every XML answer is signed
  const doc = parseXmlSafely(text, 10 * 1024 * 1024) as Parsed;
  return { res, text, doc: doc.PullURIResponse, status: Number(doc.PullURIResponse.ResponseStatus['@_Status']) };
}

/** Each xref entry points at its object, and startxref at the xref. */
function checkPdfStructure(pdf: Buffer): void {
  const s = pdf.toString('latin1');
  expect(s.startsWith('%PDF-1.')).toBe(true);
  expect(s.trimEnd().endsWith('%%EOF')).toBe(true);
  const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(s)?.[1]);
  expect(s.slice(startxref, startxref + 4)).toBe('xref');
  const entries = [...s.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
  expect(entries.length).toBeGreaterThan(3);
  entries.forEach((off, i) => expect(s.slice(off, off + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
  const length = Number(/\/Length (\d+) >>\nstream\n/.exec(s)?.[1]);
  const streamStart = s.indexOf('stream\n') + 'stream\n'.length;
  expect(s.slice(streamStart + length, streamStart + length + '\nendstream'.length)).toBe('\nendstream');
}

describe('Pull URI round trip', () => {
  it('finds a record: status 1, IssuedTo, URI, a PDF and the certificate XML', async () => {
    const { res, doc, status } = await pullParsed({ fullName: 'Hetal Jignesh Patel', dob: '14-03-1988' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/xml/);
    expect(status).toBe(1);
    expect(doc.ResponseStatus['#text']).toBe('1');
    expect(doc.ResponseStatus['@_txn']).toBe('txn-1');
    expect(doc.DocDetails?.IssuedTo.Persons.Person).toMatchObject({ '@_name': 'Hetal Jignesh Patel', '@_dob': '14-03-1988', '@_gender': 'Female' });
    expect(doc.DocDetails?.URI).toBe('in.ac.demo-univ-DGCER-DU2009CE09017');

    const pdf = Buffer.from(doc.DocDetails!.DocContent!, 'base64');
    checkPdfStructure(pdf);
    expect(pdf.toString('latin1')).toContain('(Hetal Jignesh Patel) Tj');

    const cert = parseXmlSafely(Buffer.from(doc.DocDetails!.DataContent!, 'base64').toString('utf8'), 65536) as {
      Certificate: Record<string, string> & { IssuedTo: { Person: Record<string, string> }; IssuedBy: { Organization: Record<string, string> } };
    };
    expect(cert.Certificate).toMatchObject({ '@_type': 'DGCER', '@_number': 'DU2009CE09017', '@_status': 'A' });
    expect(cert.Certificate.IssuedTo.Person).toMatchObject({ '@_name': 'Hetal Jignesh Patel', '@_dob': '14-03-1988', '@_gender': 'F' });
    expect(cert.Certificate.IssuedBy.Organization['@_code']).toBe('in.ac.demo-univ');
  });

  it('finds a record by its URI (Tijori asking for the content of a pushed URI)', async () => {
    const { doc, status } = await pullParsed({ parameters: { URI: 'in.ac.demo-univ-DGCER-DU2009CE09017' } });
    expect(status).toBe(1);
    expect(doc.DocDetails?.URI).toBe('in.ac.demo-univ-DGCER-DU2009CE09017');
    expect((await pullParsed({ parameters: { URI: 'in.ac.demo-univ-DGCER-NOSUCH1' } })).status).toBe(0);
  });

  it('the PDF opens in poppler without complaint', async () => {
    if (!hasTool('pdfinfo')) throw new Error('this test reads the PDF with poppler: apt-get install -y poppler-utils');
    const { doc } = await pullParsed();
    const dir = mkdtempSync(join(tmpdir(), 'demo-issuer-pdf-'));
    try {
      writeFileSync(join(dir, 'c.pdf'), Buffer.from(doc.DocDetails!.DocContent!, 'base64'));
      const out = execFileSync('pdfinfo', [join(dir, 'c.pdf')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(out).toMatch(/Pages:\s+1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('honours format=pdf and format=xml', async () => {
    const pdfOnly = await pullParsed({ format: 'pdf' });
    expect(pdfOnly.doc.DocDetails?.DocContent).toBeTruthy();
    expect(pdfOnly.doc.DocDetails?.DataContent).toBeUndefined();
    const xmlOnly = await pullParsed({ format: 'xml' });
    expect(xmlOnly.doc.DocDetails?.DocContent).toBeUndefined();
    expect(xmlOnly.doc.DocDetails?.DataContent).toBeTruthy();
  });

  it('matches parameters case-insensitively and by position (UDF1, UDF2)', async () => {
    expect((await pullParsed({ parameters: { RollNo: ' me11008 ', Year: '2011' } })).doc.DocDetails?.URI).toBe('in.ac.demo-univ-DGCER-DU2011ME11008');
    expect((await pullParsed({ parameters: { UDF1: 'NU13061', UDF2: '2013' } })).doc.DocDetails?.IssuedTo.Persons.Person['@_gender']).toBe('Other');
  });

  it('the holders are sandbox Aadhaar residents (same name, date of birth and gender)', () => {
    const residents = readFileSync(new URL('../../server/src/adapters/aadhaar/sandbox/demo-residents.ts', import.meta.url), 'utf8');
    expect(data.records).toHaveLength(6);
    for (const r of data.records) {
      const [d, m, y] = r.holder.dob.split('-');
      const gender = { Male: 'M', Female: 'F', Other: 'T' }[r.holder.gender];
      const block = new RegExp(`name: '${r.holder.name}',[\\s\\S]{0,200}?dob: '${y}-${m}-${d}',\\s*gender: '${gender}'`);
      expect(residents, r.holder.name).toMatch(block);
    }
  });
});

describe('Status 0', () => {
  const status0 = async (input: Partial<PullUriRequestInput>, tamper?: (r: { body: string; headers: Record<string, string> }) => void) => {
    const { res, doc, status } = await pullParsed(input, tamper);
    expect(res.status).toBe(200);
    expect(status).toBe(0);
    expect(doc.DocDetails).toBeUndefined();
    return decodeXml(doc.ResponseMessage ?? '');
  };

  it('a keyhash made with another key', async () => {
    expect(await status0({ apiKey: 'wrong-key' }, (r) => (r.headers[HMAC_HEADER] = hmacBase64(r.body, API_KEY)))).toMatch(/keyhash/);
  });

  it('an HMAC that is missing or wrong, or a body changed after signing', async () => {
    expect(await status0({}, (r) => delete r.headers[HMAC_HEADER])).toMatch(/hmac/);
    expect(await status0({}, (r) => (r.headers[HMAC_HEADER] = hmacBase64(r.body, 'wrong-key')))).toMatch(/hmac/);
    expect(await status0({}, (r) => (r.body = r.body.replace('CE09017', 'SC06045')))).toMatch(/hmac/);
  });

  it('a ts more than 30 minutes away, or not a timestamp', async () => {
    expect(await status0({ ts: istTimestamp(new Date(Date.now() - 31 * 60_000)) })).toMatch(/ts/);
    expect(await status0({ ts: istTimestamp(new Date(Date.now() + 31 * 60_000)) })).toMatch(/ts/);
    expect(await status0({ ts: 'yesterday' })).toMatch(/ts/);
    const { status } = await pullParsed({ ts: istTimestamp(new Date(Date.now() - 29 * 60_000)) });
    expect(status).toBe(1);
  });

  it('another orgId, an unknown document type, a missing parameter, no such record', async () => {
    expect(await status0({ orgId: 'in.gov.cbse' })).toMatch(/orgId/);
    expect(await status0({ docType: 'HSCER' })).toMatch(/document type/);
    expect(await status0({ parameters: { RollNo: 'CE09017' } })).toMatch(/Year/);
    expect(await status0({ parameters: { RollNo: 'CE09017', Year: '2010' } })).toMatch(/no record/);
  });

  it('misbehaviour by RollNo needs an authenticated request first', async () => {
    expect(await status0({ apiKey: 'wrong-key', parameters: { RollNo: 'FAIL', Year: '2009' } })).toMatch(/keyhash/);
  });
});

describe('Bad requests', () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${issuer.url}/pull-uri`, { method: 'POST', body, headers: { 'content-type': 'application/xml', ...headers } });

  it('XXE or billion laughs in the request: HTTP 400, nothing expanded', async () => {
    const lols = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('');
    for (const body of [
      '<?xml version="1.0"?><!DOCTYPE PullURIRequest [<!ENTITY x SYSTEM "file:///etc/passwd">]><PullURIRequest><DocDetails><RollNo>&x;</RollNo></DocDetails></PullURIRequest>',
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${lols}]><PullURIRequest><DocDetails><RollNo>&lol9;</RollNo></DocDetails></PullURIRequest>`,
    ]) {
      const res = await post(body);
      const text = await res.text();
      expect(res.status).toBe(400);
      expect(text).toContain('Status="0"');
      expect(text).toMatch(/DOCTYPE/);
      expect(text).not.toContain('root:');
      expect(text).not.toContain('lollol');
    }
  });

  it('malformed XML: HTTP 400 with status 0', async () => {
    const res = await post('<PullURIRequest><DocDetails></PullURIRequest>');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Status="0"');
  });

  it('a body over the limit: HTTP 413', async () => {
    const res = await post(`<PullURIRequest>${'x'.repeat(1024 * 1024 + 10)}</PullURIRequest>`);
    expect(res.status).toBe(413);
  });

  it('GET / describes the issuer; other paths are 404; GET on the Pull URI path is 405', async () => {
    const info = (await (await fetch(`${issuer.url}/`)).json()) as { issuer: { orgId: string }; pullUri: { path: string } };
    expect(info.issuer.orgId).toBe('in.ac.demo-univ');
    expect(info.pullUri.path).toBe('/pull-uri');
    expect((await fetch(`${issuer.url}/nope`)).status).toBe(404);
    const get = await fetch(`${issuer.url}/pull-uri`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('the Pull URI path is configurable', async () => {
    const other = await startDemoIssuer({ apiKey: API_KEY, port: 0, path: '/api/pulluri' });
    try {
      const req = buildPullUriRequest({ apiKey: API_KEY, orgId: data.orgId, docType: 'DGCER', parameters: { RollNo: 'SC06045', Year: '2006' } });
      const res = await fetch(`${other.url}/api/pulluri`, { method: 'POST', body: req.body, headers: req.headers });
      expect(await res.text()).toContain('<URI>in.ac.demo-univ-DGCER-DU2006SC06045</URI>');
      expect((await fetch(`${other.url}/pull-uri`, { method: 'POST', body: req.body, headers: req.headers })).status).toBe(404);
    } finally {
      await other.close();
    }
  });
});

describe('Misbehaviour modes (RollNo)', () => {
  const mode = (m: string) => ({ parameters: { RollNo: m, Year: '2009' } });

  it('SLOW: no answer before the client gives up; the server still closes promptly', async () => {
    const started = Date.now();
    const req = buildPullUriRequest({ apiKey: API_KEY, orgId: data.orgId, docType: 'DGCER', ...mode('SLOW') });
    await expect(fetch(`${issuer.url}/pull-uri`, { method: 'POST', body: req.body, headers: req.headers, signal: AbortSignal.timeout(500) })).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);

    const slow = await startDemoIssuer({ apiKey: API_KEY, port: 0, slowMs: 300 });
    const t0 = Date.now();
    const { text } = await pull(mode('slow'), undefined, slow);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    expect(text).toContain('Status="0"');
    await slow.close();

    // A server that would sleep ten minutes closes at once, with a SLOW request in flight:
    // close() resolving within the test's timeout is the proof (no wall-clock bound).
    const sleepy = await startDemoIssuer({ apiKey: API_KEY, port: 0 });
    const arrived = new Promise((resolve) => sleepy.server.once('request', resolve));
    const pending = fetch(`${sleepy.url}/pull-uri`, { method: 'POST', body: req.body, headers: req.headers }).catch(() => 'aborted');
    await arrived;
    await sleepy.close();
    expect(await pending).toBe('aborted');
  });

  it('FAIL: HTTP 500', async () => {
    const { res, text } = await pull(mode('FAIL'));
    expect(res.status).toBe(500);
    expect(text).toMatch(/Internal Server Error/);
  });

  it('GARBAGE: a 200 whose body is not XML', async () => {
    const { res, text } = await pull(mode('GARBAGE'));
    expect(res.status).toBe(200);
    expect(() => parseXmlSafely(text, 65536)).toThrow(XmlRejected);
  });

  it('HUGE: streams 100 MiB without a Content-Length', async () => {
    const req = buildPullUriRequest({ apiKey: API_KEY, orgId: data.orgId, docType: 'DGCER', ...mode('HUGE') });
    const res = await fetch(`${issuer.url}/pull-uri`, { method: 'POST', body: req.body, headers: req.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBeNull();
    let total = 0;
    let head = '';
    for await (const chunk of res.body!) {
      if (!head) head = Buffer.from(chunk).subarray(0, 200).toString();
      total += chunk.length;
    }
    expect(total).toBe(100 * 1024 * 1024);
    expect(head).toContain('<PullURIResponse');
  });

  it('HUGE: stops streaming when the client hangs up', async () => {
    const req = buildPullUriRequest({ apiKey: API_KEY, orgId: data.orgId, docType: 'DGCER', ...mode('HUGE') });
    const ac = new AbortController();
    const res = await fetch(`${issuer.url}/pull-uri`, { method: 'POST', body: req.body, headers: req.headers, signal: ac.signal });
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    // The server is still healthy afterwards.
    expect((await pullParsed()).status).toBe(1);
  });

  it('REDIRECT: 302 to the cloud metadata address', async () => {
    const { res } = await pull(mode('REDIRECT'));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(REDIRECT_TARGET);
    expect(REDIRECT_TARGET).toBe('http://169.254.169.254/');
  });

  it('PENDING: status 9, signed', async () => {
    const { res, status, doc } = await pullParsed(mode('PENDING'));
    expect(res.status).toBe(200);
    expect(status).toBe(9);
    expect(doc.ResponseStatus['#text']).toBe('9');
    expect(doc.DocDetails).toBeUndefined();
  });

  it('XXE: a signed answer carrying a DOCTYPE with external entities and an entity flood', async () => {
    const { res, text } = await pull(mode('XXE'));
    expect(res.status).toBe(200);
    expect(res.headers.get(HMAC_HEADER)).toBe(hmacBase64(text, API_KEY));
    expect(text).toContain('<!DOCTYPE PullURIResponse [');
    expect(text).toContain('<!ENTITY xxe SYSTEM "file:///etc/passwd">');
    expect(text).toMatch(/<!ENTITY lol9 "(&lol8;){10}">/);
    expect(text).toContain('name="&xxe;"');
    expect(() => parseXmlSafely(text, 65536)).toThrow(/DOCTYPE/);
  });
});

describe('Misbehaviour for every request (--mode)', () => {
  it('applies before the request is even parsed', async () => {
    const failing = await startDemoIssuer({ apiKey: API_KEY, port: 0, mode: 'FAIL' });
    try {
      expect((await pull({}, undefined, failing)).res.status).toBe(500);
      expect((await fetch(`${failing.url}/pull-uri`, { method: 'POST', body: 'not even xml' })).status).toBe(500);
    } finally {
      await failing.close();
    }
    const redirecting = await startDemoIssuer({ apiKey: API_KEY, port: 0, mode: 'REDIRECT' });
    try {
      expect((await pull({}, undefined, redirecting)).res.status).toBe(302);
    } finally {
      await redirecting.close();
    }
  });
});

function hasTool(name: string): boolean {
  try {
    execFileSync(name, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
