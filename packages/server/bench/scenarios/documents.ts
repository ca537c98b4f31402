import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import { buildCredential } from '../../src/artifacts/credential.js';
import { ids } from '../../src/lib/ids.js';
import { interleave, summarize } from '../measure.js';
import type { LimitResult } from '../report.js';

/** The demo issuer and document type the bulk scenarios issue as (seeded by seedDemoDirectory). */
export const BENCH_ISSUER = 'in.gov.gujarat.edistrict';
export const BENCH_DOC_TYPE = 'INCER';

const FIRST = [
  'Ramesh',
  'Sita',
  'Aarav',
  'Priya',
  'Vikram',
  'Anjali',
  'Harshad',
  'Meera',
  'Kiran',
  'Nisha',
  'Jayesh',
  'Pooja',
  'Mahesh',
  'Komal',
  'Dhruv',
  'Hetal',
];
const FIRST_GU = ['રમેશ', 'સીતા', 'આરવ', 'પ્રિયા', 'વિક્રમ', 'અંજલિ', 'હર્ષદ', 'મીરા', 'કિરણ', 'નિશા', 'જયેશ', 'પૂજા', 'મહેશ', 'કોમલ', 'ધ્રુવ', 'હેતલ'];
const LAST = [
  'Patel',
  'Shah',
  'Desai',
  'Mehta',
  'Joshi',
  'Parmar',
  'Chauhan',
  'Solanki',
  'Rathod',
  'Trivedi',
  'Pandya',
  'Vyas',
  'Bhatt',
  'Modi',
  'Thakkar',
  'Gohil',
];
const LAST_GU = ['પટેલ', 'શાહ', 'દેસાઈ', 'મહેતા', 'જોશી', 'પરમાર', 'ચૌહાણ', 'સોલંકી', 'રાઠોડ', 'ત્રિવેદી', 'પંડ્યા', 'વ્યાસ', 'ભટ્ટ', 'મોદી', 'ઠક્કર', 'ગોહિલ'];
const TALUKAS: [string, string][] = [
  ['Sanand', 'Ahmedabad'],
  ['Daskroi', 'Ahmedabad'],
  ['Choryasi', 'Surat'],
  ['Vadodara', 'Vadodara'],
  ['Gondal', 'Rajkot'],
  ['Anand', 'Anand'],
  ['Mehsana', 'Mehsana'],
  ['Bhuj', 'Kachchh'],
];

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Issue dates spread over ~5 years, so a resident's documents sort by something real. */
const DATES = Array.from({ length: 1800 }, (_, d) => new Date(Date.UTC(2021, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));

export interface SampleRow {
  docId: string;
  mobile: string;
  name: string;
  nameLocal: string;
  dob: string;
  issuedOn: string;
  validTo: string;
  annualIncome: string;
  financialYear: string;
  taluka: string;
  district: string;
}

/** Row i of the bench data set: deterministic, distinct doc ids and mobiles, realistic sizes. */
export function sampleRow(i: number): SampleRow {
  const [taluka, district] = TALUKAS[i % TALUKAS.length]!;
  const issuedOn = DATES[i % DATES.length]!;
  const year = Number(issuedOn.slice(0, 4));
  return {
    docId: `GJ38${String(i).padStart(10, '0')}`,
    mobile: `${6 + (i % 4)}${String(i).padStart(9, '0')}`,
    name: `${FIRST[i % 16]} ${FIRST[(i >> 4) % 16]} ${LAST[(i >> 8) % 16]}`,
    nameLocal: `${FIRST_GU[i % 16]} ${FIRST_GU[(i >> 4) % 16]} ${LAST_GU[(i >> 8) % 16]}`,
    dob: `${1950 + (i % 50)}-${pad2(1 + (i % 12))}-${pad2(1 + (i % 28))}`,
    issuedOn,
    validTo: `${year + 1}-03-31`,
    annualIncome: `₹${(100_000 + (i % 900) * 1000).toLocaleString('en-IN')}`,
    financialYear: `${year - 1}-${String(year % 100).padStart(2, '0')}`,
    taluka,
    district,
  };
}

const CSV_HEADER = 'docType,docId,mobile,lockerId,name,nameLocal,dob,issuedOn,validTo,annualIncome,financialYear,taluka,district\n';

/**
 * A bulk CSV of `rows` rows as a stream (never all in memory): holders named by mobile,
 * except every `residentEvery`-th row, which names `residentId` by locker id.
 */
export function bulkCsv(rows: number, residentId: string, residentEvery: number): Readable {
  function* chunks(): Generator<string> {
    yield CSV_HEADER;
    let buf = '';
    for (let i = 1; i <= rows; i++) {
      const r = sampleRow(i);
      const mine = i % residentEvery === 0;
      buf += `${BENCH_DOC_TYPE},${r.docId},${mine ? '' : r.mobile},${mine ? residentId : ''},${r.name},${r.nameLocal},${r.dob},${r.issuedOn},${r.validTo},"${r.annualIncome}",${r.financialYear},${r.taluka},${r.district}\n`;
      if (buf.length >= 64 * 1024) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** The exact signing input of an issued credential (header.payload), as issueDocuments makes it. */
export function sampleSigningInput(i = 1): string {
  const r = sampleRow(i);
  const did = 'did:web:localhost%3A3000:issuers:in.gov.gujarat.edistrict';
  const credential = buildCredential({
    uri: `${BENCH_ISSUER}-${BENCH_DOC_TYPE}-${r.docId}`,
    version: 1,
    issuer: { orgId: BENCH_ISSUER, did, name: 'e-District, Government of Gujarat (demo)' },
    docType: { code: BENCH_DOC_TYPE, name: 'Income Certificate' },
    holder: { name: r.name, nameLocal: r.nameLocal, dob: r.dob },
    fields: { annualIncome: r.annualIncome, financialYear: r.financialYear, taluka: r.taluka, district: r.district },
    issuedOn: r.issuedOn,
    validTo: r.validTo,
    verificationCode: 'ABCDEFGHJK',
    documentContext: 'http://localhost:3000/ns/document/v1',
    status: {
      revocationList: 'http://localhost:3000/status/0190a1b2-c3d4-4e5f-8a9b-0c1d2e3f4a5b/revocation',
      suspensionList: 'http://localhost:3000/status/0190a1b2-c3d4-4e5f-8a9b-0c1d2e3f4a5b/suspension',
      index: 98_765,
    },
  });
  const header = { alg: 'EdDSA', typ: 'vc+jwt', kid: `${did}#${randomBytes(12).toString('base64url')}` };
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${b64(header)}.${b64({ ...credential, iss: did, iat: Math.floor(Date.now() / 1000) })}`;
}

/**
 * The CPU ceiling of issuance and verification: Ed25519 sign and verify with node:crypto on
 * one thread, over the signing input of a real credential, 1,000 per batch.
 */
export async function benchEd25519(batches: number, warmup: number): Promise<{ sign: LimitResult; verify: LimitResult }> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const inputs = Array.from({ length: 1000 }, (_, i) => Buffer.from(sampleSigningInput(i + 1)));
  const signatures = inputs.map((b) => sign(null, b, privateKey));
  const bytes = inputs[0]!.length;
  const [signed, verified] = await interleave(
    [
      {
        async run() {
          for (const b of inputs) sign(null, b, privateKey);
        },
      },
      {
        async run() {
          for (let i = 0; i < inputs.length; i++) if (!verify(null, inputs[i]!, publicKey, signatures[i]!)) throw new Error('Ed25519 signature did not verify');
        },
      },
    ],
    batches,
    warmup,
  );
  const per = '1,000 signatures';
  return {
    sign: {
      id: 'ed25519-sign',
      label: 'Ed25519 sign (node:crypto, 1 thread)',
      ...summarize(signed!, 1000, 'signs/s', per),
      note: `over a credential's signing input of ${bytes.toLocaleString('en-US')} bytes (header.payload, base64url of ${Math.round((bytes * 3) / 4)} bytes of JSON)`,
    },
    verify: { id: 'ed25519-verify', label: 'Ed25519 verify (node:crypto, 1 thread)', ...summarize(verified!, 1000, 'signs/s', per) },
  };
}

/**
 * The storage ceiling of issuance: better-sqlite3 directly (WAL, synchronous=FULL, as Tijori
 * opens it), rows shaped like issued_documents plus their document_versions row (a signed
 * credential of realistic size), same indexes, one prepared INSERT each, 1,000 documents per
 * transaction.
 */
export async function benchRawSqliteDocuments(dir: string, batches: number, warmup: number): Promise<LimitResult> {
  const db = new BetterSqlite3(path.join(dir, 'raw-documents.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(`
      create table issued_documents (id text primary key, uri text not null unique, issuer_id text not null, doc_type text not null, doc_id text not null,
        version integer not null, resident_id text, holder_lookup text, holder_name text not null, issued_on text not null, valid_from text, valid_to text,
        status text not null, status_reason text, status_changed_at bigint, verification_code text not null, created_at bigint not null, updated_at bigint not null);
      create index issued_documents_resident_idx on issued_documents (resident_id, issued_on, id);
      create index issued_documents_holder_lookup_idx on issued_documents (holder_lookup);
      create table document_versions (document_id text not null, version integer not null, kid text not null, credential text not null, created_at bigint not null,
        constraint document_versions_pk primary key (document_id, version));
    `);
    const insertDoc = db.prepare(`insert into issued_documents values (?, ?, ?, ?, ?, 1, null, ?, ?, ?, null, ?, 'active', null, null, ?, ?, ?)`);
    const insertVersion = db.prepare('insert into document_versions values (?, 1, ?, ?, ?)');
    const credential = `${sampleSigningInput()}.${randomBytes(64).toString('base64url')}`;
    const issuerId = ids.uuid();
    const kid = randomBytes(12).toString('base64url');
    let next = 0;
    const insertBatch = db.transaction(() => {
      const now = Date.now();
      const lookups = randomBytes(32 * 1000);
      for (let k = 0; k < 1000; k++) {
        const r = sampleRow(++next);
        const id = ids.uuidv7();
        insertDoc.run(
          id,
          `${BENCH_ISSUER}-${BENCH_DOC_TYPE}-${r.docId}`,
          issuerId,
          BENCH_DOC_TYPE,
          r.docId,
          lookups.toString('hex', 32 * k, 32 * (k + 1)),
          r.name,
          r.issuedOn,
          r.validTo,
          'ABCDEFGHJK',
          now,
          now,
        );
        insertVersion.run(id, kid, credential, now);
      }
    });
    const [samples] = await interleave([{ run: async () => void insertBatch() }], batches, warmup);
    const { n } = db.prepare('select count(*) as n from document_versions').get() as { n: number };
    if (n !== (batches + warmup) * 1000) throw new Error(`raw SQLite documents: ${n} rows, expected ${(batches + warmup) * 1000}`);
    return {
      id: 'sqlite-raw-documents',
      label: 'sqlite raw insert, document + version rows',
      ...summarize(samples!, 1000, 'docs/s', '1,000-document transaction'),
      note: `better-sqlite3 directly, WAL + synchronous=FULL, same columns and indexes, ${credential.length}-byte credential; ${((batches + warmup) * 1000).toLocaleString('en-US')} rows, so a fuller table (1M rows, bigger indexes) may insert slower`,
    };
  } finally {
    db.close();
  }
}
