/**
 * Staff search on a large issuer: fills a fresh database with N documents of one issuer (and N/10
 * of another, with the same names) and their search terms, then times the searches the console
 * runs, through the repository, against the scan they replace. Every 1000th document is
 * suspended; none is revoked unless BENCH_REVOKED_EVERY=<n> (every n-th: what bulk revocations leave).
 *
 *   npx tsx bench/console-search.ts sqlite 1000000
 *   BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/console-search.ts postgres 1000000
 *
 * BENCH_KEEP=1 keeps the SQLite file (or the PostgreSQL schema); BENCH_REUSE=<that file> times the searches on it again
 * without filling it, after migrating it to the latest schema (timed: a migration's backfill).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../src/config/config.js';
import { createDb } from '../src/db/create-db.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { documentTerms } from '../src/domain/documents/search-terms.js';
import type { DocumentStatus } from '../src/db/schema.js';
import { documentsRepository } from '../src/repositories/documents.repository.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const dialect = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const N = Number(process.argv[3] ?? 1_000_000);
const REVOKED_EVERY = Number(process.env.BENCH_REVOKED_EVERY ?? 0);
const FIRST =
  'ramesh sita aarav priya vikram anjali harshad meera kiran nisha jayesh pooja mahesh komal dhruv hetal ravi sunita arjun kavita rahul neha amit deepa'.split(
    ' ',
  );
const S1 = 'pa de me jo ch so ra tri pan vy bh mo tha go sha ver gup kap mal nai iy red rao kul'.split(' ');
const S2 = 'tel sai hta shi han nki thod vedi dya as att di kkar hil rma ma ta oor hotra du er dy o karni'.split(' ');
const DOC_COLUMNS = [
  'id',
  'uri',
  'issuer_id',
  'doc_type',
  'doc_id',
  'version',
  'holder_name',
  'issued_on',
  'status',
  'verification_code',
  'created_at',
  'updated_at',
];

/** A deterministic stream of documents: name, roll number, issue date. */
function* documents(issuer: string, count: number, seed: number) {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
  for (let i = 0; i < count; i++) {
    const first = FIRST[next() % FIRST.length]!;
    const last = S1[next() % S1.length]! + S2[next() % S2.length]!;
    // One holder whose name nobody else has: the search that reads least, the scan that reads most.
    const name = i === 123_456 ? 'Zubin Kothavala' : `${first[0]!.toUpperCase()}${first.slice(1)} ${last[0]!.toUpperCase()}${last.slice(1)}`;
    const roll = String(10_000_000 + i + seed * 1000);
    const day = 1 + (next() % 5000);
    const issuedOn = new Date(Date.UTC(2012, 0, day)).toISOString().slice(0, 10);
    const id = `${issuer}-${String(i).padStart(9, '0')}`;
    const doc = [
      id,
      `${issuer}-HSCER-${issuedOn.slice(0, 4)}${roll}`,
      issuer,
      'HSCER',
      `${issuedOn.slice(0, 4)}${roll}`,
      1,
      name,
      issuedOn,
      i % 1000 === 999 ? 'suspended' : REVOKED_EVERY > 0 && i % REVOKED_EVERY === 3 ? 'revoked' : 'active',
      'CODE',
      0,
      0,
    ];
    const terms = documentTerms({ docId: String(doc[4]), holderName: name, fields: { rollNo: roll, result: 'PASS' } });
    // A document not active has a status copy of its terms (migration 0028).
    yield { doc, terms: terms.map((t) => [issuer, t, issuedOn, id]), copies: doc[8] === 'active' ? [] : terms.map((t) => [issuer, doc[8], t, issuedOn, id]) };
  }
}

type Filled = ReturnType<typeof documents> extends Generator<infer T> ? T : never;

async function fill(config: DatabaseConfig): Promise<void> {
  const started = Date.now();
  const sources = [documents('issuer-big', N, 1), documents('issuer-small', Math.ceil(N / 10), 7)];
  if (config.kind === 'sqlite') {
    const db = new BetterSqlite3(config.file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    const insDoc = db.prepare(`insert into issued_documents (${DOC_COLUMNS.join(', ')}) values (${DOC_COLUMNS.map(() => '?').join(', ')})`);
    const insTerm = db.prepare('insert into issued_document_terms (issuer_id, term, issued_on, document_id) values (?, ?, ?, ?)');
    const insCopy = db.prepare('insert into issued_document_status_terms (issuer_id, status, term, issued_on, document_id) values (?, ?, ?, ?, ?)');
    for (const source of sources) {
      const batch = db.transaction((rows: Filled[]) => {
        for (const r of rows) {
          insDoc.run(r.doc);
          for (const t of r.terms) insTerm.run(t);
          for (const t of r.copies) insCopy.run(t);
        }
      });
      let rows: Filled[] = [];
      for (const r of source) {
        rows.push(r);
        if (rows.length === 20_000) {
          batch(rows);
          rows = [];
        }
      }
      batch(rows);
    }
    db.exec('analyze');
    db.close();
  } else {
    const client = new pg.Client({ connectionString: config.url });
    await client.connect();
    await client.query(`set search_path to "${config.schema}"`);
    const types = ['text', 'text', 'text', 'text', 'text', 'int', 'text', 'text', 'text', 'text', 'bigint', 'bigint'];
    for (const source of sources) {
      let docs: unknown[][] = [];
      let terms: unknown[][] = [];
      let copies: unknown[][] = [];
      const flush = async () => {
        const cols = (rows: unknown[][], n: number) => Array.from({ length: n }, (_, c) => rows.map((r) => r[c]));
        await client.query(
          `insert into issued_documents (${DOC_COLUMNS.join(', ')}) select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`,
          cols(docs, DOC_COLUMNS.length),
        );
        await client.query(
          'insert into issued_document_terms (issuer_id, term, issued_on, document_id) select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])',
          cols(terms, 4),
        );
        await client.query(
          'insert into issued_document_status_terms (issuer_id, status, term, issued_on, document_id) select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])',
          cols(copies, 5),
        );
        docs = [];
        terms = [];
        copies = [];
      };
      for (const r of source) {
        docs.push(r.doc);
        terms.push(...r.terms);
        copies.push(...r.copies);
        if (docs.length === 10_000) await flush();
      }
      if (docs.length) await flush();
    }
    await client.query('analyze');
    await client.end();
  }
  say(`filled ${N} + ${Math.ceil(N / 10)} documents in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function main(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tijori-search-bench-'));
  const schema = `bench_search_${randomBytes(4).toString('hex')}`;
  const url = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const reuse = dialect === 'sqlite' ? process.env.BENCH_REUSE : undefined;
  const config: DatabaseConfig =
    dialect === 'sqlite' ? { kind: 'sqlite', file: reuse ?? path.join(dir, 'bench.db') } : { kind: 'postgres', url, poolMax: 4, schema };
  if (dialect === 'postgres') {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`create schema "${schema}"`);
    await c.end();
  }
  try {
    let db = createDb(config);
    const migrating = Date.now();
    const { applied } = await migrateToLatest(db.kysely);
    if (reuse) say(`migrated ${reuse} (${applied.join(', ') || 'nothing to do'}) in ${((Date.now() - migrating) / 1000).toFixed(1)} s`);
    await db.close();
    if (!reuse) await fill(config);
    db = createDb(config);
    const repo = documentsRepository(db.kysely);
    const rare = 'zubin kothavala';
    const roll = `#${10_000_000 + 777_777 + 1000}`;
    // Revoked when BENCH_REVOKED_EVERY=10 (like every tenth document).
    const revokedRoll = `#${10_000_000 + 777_773 + 1000}`;
    const cases: [string, { words?: string[]; identifier?: string; status?: DocumentStatus }][] = [
      ['name prefix, 2 letters ("ra")', { words: ['ra'] }],
      ['first name ("ramesh")', { words: ['ramesh'] }],
      ['two words ("ramesh pate")', { words: ['ramesh', 'pate'] }],
      ['common full name ("ravi patel")', { words: ['ravi', 'patel'] }],
      [`one holder ("${rare}")`, { words: rare.split(' ') }],
      ['no match ("zzq")', { words: ['zzq'] }],
      ['roll number (whole)', { identifier: roll }],
      ['two words, revoked only', { words: ['ramesh', 'pate'], status: 'revoked' }],
      ['two words, active only', { words: ['ramesh', 'pate'], status: 'active' }],
      ['first name, suspended only ("ramesh")', { words: ['ramesh'], status: 'suspended' }],
      ['roll number, revoked only', { identifier: roll, status: 'revoked' }],
      ['first name, active only ("ramesh")', { words: ['ramesh'], status: 'active' }],
      ['first name, revoked only ("ramesh")', { words: ['ramesh'], status: 'revoked' }],
      ['2 letters, active only ("ra")', { words: ['ra'], status: 'active' }],
      ['roll number of a revoked one, active only', { identifier: revokedRoll, status: 'active' }],
      ['roll number of a revoked one, revoked only', { identifier: revokedRoll, status: 'revoked' }],
    ];
    const time = async (fn: () => Promise<unknown>) => {
      const ms: number[] = [];
      for (let i = 0; i < 7; i++) {
        const t0 = performance.now();
        await fn();
        ms.push(performance.now() - t0);
      }
      ms.sort((a, b) => a - b);
      return `median ${ms[3]!.toFixed(1)} ms, max ${ms[6]!.toFixed(1)} ms`;
    };
    for (const [label, c] of cases) {
      const page = { limit: 21, ...(c.status ? { status: c.status } : {}) };
      const run = () =>
        c.identifier ? repo.searchIdentifierForIssuer('issuer-big', c.identifier, page) : repo.searchNamesForIssuer('issuer-big', c.words!, page);
      const rows = await run();
      // The second page of the same search, from where the first ended.
      const last = rows.at(-1) as { matched_term?: string; issued_on: string; id: string } | undefined;
      const more = () =>
        last?.matched_term
          ? repo.searchNamesForIssuer('issuer-big', c.words!, { ...page, after: { term: last.matched_term, issuedOn: last.issued_on, id: last.id } })
          : run();
      say(`${dialect} ${label}: ${rows.length} rows, ${await time(run)}; next page ${await time(more)}`);
    }
    // What the search did before: any part of the name, by scanning the issuer's documents.
    for (const text of ['zzq', rare]) {
      const scan = () =>
        db.kysely
          .selectFrom('issued_documents')
          .selectAll()
          .where('issuer_id', '=', 'issuer-big')
          .where(sql<string>`lower(holder_name)`, 'like', `%${text}%`)
          .orderBy('issued_on', 'desc')
          .orderBy('id', 'desc')
          .limit(21)
          .execute();
      say(`${dialect} before: lower(holder_name) like '%${text}%': ${(await scan()).length} rows, ${await time(scan)}`);
    }
    await db.close();
  } finally {
    if (process.env.BENCH_KEEP) say(dialect === 'postgres' ? `kept schema ${schema}` : `kept ${dir}`);
    else await fs.rm(dir, { recursive: true, force: true });
    if (dialect === 'postgres' && !process.env.BENCH_KEEP) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    }
  }
}

await main();
