import type { AddressInfo } from 'node:net';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { buildApp } from '../../src/app.js';
import { createStatusJob, runStatusJob, STATUS_CHUNK } from '../../src/domain/bulk/status-jobs.js';
import { findIssuer } from '../../src/domain/issuers/find-issuer.js';
import { documentTerms } from '../../src/domain/documents/search-terms.js';
import { allocateStatusEntries, statusListUrl } from '../../src/domain/status/status-lists.js';
import { ids } from '../../src/lib/ids.js';
import type { ResidentRow } from '../../src/repositories/residents.repository.js';
import { progress, summarize } from '../measure.js';
import { atLeast, atMost, below, compare, type LimitResult, type ScenarioResult } from '../report.js';
import { BENCH_DOC_TYPE, BENCH_ISSUER, sampleRow } from './documents.js';
import { describeCpu, LoadGenerator, startBareServer } from './http.js';
import { startBenchRuntime } from './issuance.js';

export interface RevocationSettings {
  /** Documents of the one issuer in the database (their status lists are served). */
  documents: number;
  /** Of those, revoked by one bulk job (every documents/revoke-th one, so on every list). */
  revoke: number;
  /** Residents holding the documents (each revocation notifies one and extends their activity chain). */
  holders: number;
  /** The documents also have their staff-search terms (the job copies each revoked document's terms with its status). */
  terms: boolean;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  limitSeconds: number;
  logLevel: string;
}

/** From issue 11: 100,000 revocations in one job at ≥ 5,000/s; a status list of an issuer with 1,000,000 documents at p99 < 20 ms. */
export const REVOCATION_TARGET = { docsPerSecond: 5_000, listP99Ms: 20 };

type Outcome = { limits: LimitResult[]; scenarios: ScenarioResult[]; notes: string[] };

/**
 * Bulk revocation and status-list serving on the embedded default (SQLite). `documents` rows of
 * one issuer are inserted directly (untimed: the status-list entries allocated the real way,
 * each document held by one of `holders` residents); one status job then revokes `revoke` of
 * them through createStatusJob + runStatusJob (chunks of 2,000: the UPDATE, one bump per list,
 * inbox notices, activity events, rejections, progress and the audit entry in one transaction),
 * beside the same writes as raw SQL on a second database. Then the list with revoked entries is
 * served over HTTP to autocannon, beside a bare node:http server answering the same bytes.
 */
export async function benchRevocation(dataDir: string, settings: RevocationSettings): Promise<Outcome> {
  const bench = await startBenchRuntime(dataDir, { logLevel: settings.logLevel });
  const { deps, runtime } = bench;
  if (runtime.config.database.kind !== 'sqlite') throw new Error('the revocation bench runs on SQLite');
  const file = runtime.config.database.file;
  try {
    const issuer = await findIssuer(deps, BENCH_ISSUER);
    const started = performance.now();
    const revoked = await seedStatusDocuments(bench, file, settings);
    progress(`  ${settings.documents.toLocaleString('en-US')} documents inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const limit = rawRevocation(path.join(path.dirname(file), 'raw-revocation.sqlite'), file, settings);
    progress(`bulk revocation: ${revoked.length.toLocaleString('en-US')} documents in one status job`);
    const operator = { kind: 'operator' as const, staffId: 'bench' };
    const uploadStart = performance.now();
    const { job } = await createStatusJob(deps, operator, BENCH_ISSUER, { status: 'revoked', reason: 'Bench: certificates withdrawn', uris: revoked });
    const uploadMs = performance.now() - uploadStart;
    const runStart = performance.now();
    const status = await runStatusJob(deps, job.id);
    const runMs = performance.now() - runStart;
    const done = (await deps.repos.bulkJobs.find(job.id))!;
    if (status !== 'done' || done.rows_ok !== revoked.length) throw new Error(`status job ${status}: ${done.rows_ok} of ${revoked.length} revoked`);
    const stat = summarize([runMs], revoked.length, 'docs/s', `${revoked.length.toLocaleString('en-US')}-document job`);
    progress(`  ${Math.round(stat.value).toLocaleString('en-US')} docs/s`);

    // The list with the most revoked entries, as a verifier fetches it.
    const list = await deps.db
      .selectFrom('issued_documents')
      .select(['status_list_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'revoked')
      .groupBy('status_list_id')
      .orderBy('n', 'desc')
      .executeTakeFirstOrThrow();
    const lists = await deps.db.selectFrom('status_lists').select(['id', 'built_at']).where('issuer_id', '=', issuer.id).execute();
    const app = await buildApp(runtime);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const url = `${base}${new URL(statusListUrl(deps.publicUrl, list.status_list_id!, 'revocation')).pathname}`;
    let generator: LoadGenerator | undefined;
    try {
      const first = await fetch(url);
      const body = await first.text();
      if (first.status !== 200) throw new Error(`the status list answered ${first.status} ${body.slice(0, 200)}`);
      const builtAt = (await deps.repos.statusLists.find(list.status_list_id!))!.built_at;
      generator = await LoadGenerator.start();
      const bare = await startBareServer(Buffer.byteLength(body));
      let bareRun;
      try {
        progress(`HTTP: bare node:http GET, ${settings.connections} connections, ${settings.limitSeconds} s`);
        bareRun = await generator.measure(
          { label: 'bare', url: `${bare.url}/`, method: 'GET', connections: settings.connections },
          Math.min(2, settings.warmupSeconds),
          settings.limitSeconds,
        );
      } finally {
        await bare.close();
      }
      progress(`HTTP: GET /status/<list>/revocation, ${settings.connections} connections, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`);
      const run = await generator.measure(
        { label: 'status-list', url, method: 'GET', connections: settings.connections },
        settings.warmupSeconds,
        settings.seconds,
      );
      const rebuilt = (await deps.repos.statusLists.find(list.status_list_id!))!.built_at !== builtAt;
      const bareLimit: LimitResult = {
        id: 'http-bare-get-status-list',
        label: `bare node:http GET, ${settings.connections} conns`,
        ...bareRun.stat,
        note: `${describeCpu(bareRun.cpu)}; ${Buffer.byteLength(body).toLocaleString('en-US')}-byte answer`,
      };
      return {
        limits: [limit, bareLimit],
        scenarios: [
          compare('bulk-revocation', `bulk revocation ${revoked.length.toLocaleString('en-US')} docs (SQLite)`, stat, limit, null, {
            checks: [atLeast('throughput', stat.value, REVOCATION_TARGET.docsPerSecond, 'docs/s')],
            note: `${(runMs / 1000).toFixed(1)} s for ${Math.ceil(revoked.length / STATUS_CHUNK)} chunks; ${settings.documents.toLocaleString('en-US')} documents of the issuer in the database on ${lists.length} lists, each held by one of ${settings.holders.toLocaleString('en-US')} residents (every revocation: an inbox notice and an activity event)${settings.terms ? ', with their staff-search terms' : ', without search terms (BENCH_STATUS_TERMS=0)'}; the list of URIs was stored by createStatusJob in ${(uploadMs / 1000).toFixed(1)} s (not timed)`,
          }),
          compare(
            'http-status-list',
            `status list (${list.n.toLocaleString('en-US')} revoked of 131,072), ${settings.connections} conns`,
            run.stat,
            bareLimit,
            null,
            {
              checks: [
                below('p99', run.stat.p99Ms, REVOCATION_TARGET.listP99Ms, 'ms'),
                atMost('non-2xx + errors', run.failures, 0, 'count'),
                atMost('rebuilt during the run', rebuilt ? 1 : 0, 0, 'count'),
              ],
              note: `${settings.documents.toLocaleString('en-US')} documents of the issuer; ${Buffer.byteLength(body).toLocaleString('en-US')}-byte vc+jwt; ${describeCpu(run.cpu)}; ${run.non2xx} non-2xx, ${run.errors} errors/timeouts of ${run.responses.toLocaleString('en-US')}`,
            },
          ),
        ],
        notes: [
          'bulk revocation = createStatusJob (the URI list stored in the blob store) + runStatusJob in this process: per 2,000-URI transaction, one lookup, one UPDATE … RETURNING, one bump per status list,',
          '  inbox notices and activity events of the holders, progress and one audit entry; then each touched list is signed again once. Its limit: the same UPDATE and INSERTs as raw prepared SQL.',
        ],
      };
    } finally {
      await generator?.close();
      await app.close();
    }
  } finally {
    await bench.close();
  }
}

/**
 * Inserts `documents` active documents of the bench issuer straight into the file (50,000 per
 * transaction, each with a status-list entry allocated the real way, each held by one of
 * `holders` residents, with `terms` their staff-search terms as issuance writes them); answers
 * the URIs of every documents/revoke-th one, to revoke.
 */
export async function seedStatusDocuments(
  bench: Awaited<ReturnType<typeof startBenchRuntime>>,
  file: string,
  settings: Pick<RevocationSettings, 'documents' | 'revoke' | 'holders' | 'terms'>,
): Promise<string[]> {
  const { deps } = bench;
  const issuer = await findIssuer(deps, BENCH_ISSUER);
  const holders = await makeHolders(bench.residentId, deps, settings.holders);
  const every = revokedEvery(settings);
  const revoked: string[] = [];
  const raw = new BetterSqlite3(file);
  raw.pragma('busy_timeout = 5000');
  try {
    const insert = raw.prepare(`insert into issued_documents (id, uri, issuer_id, doc_type, doc_id, version, resident_id, holder_lookup, holder_name, issued_on,
      valid_from, valid_to, status, status_reason, status_changed_at, verification_code, created_at, updated_at, status_list_id, status_index)
      values (?, ?, ?, ?, ?, 1, ?, null, ?, ?, null, ?, 'active', null, null, 'ABCDEFGHJK', ?, ?, ?, ?)`);
    const insertTerm = raw.prepare('insert into issued_document_terms (issuer_id, term, issued_on, document_id) values (?, ?, ?, ?)');
    const now = Date.now();
    for (let i = 0; i < settings.documents; i += 50_000) {
      const n = Math.min(50_000, settings.documents - i);
      const entries = await allocateStatusEntries(deps, issuer.id, n);
      raw.transaction(() => {
        for (let k = 0; k < n; k++) {
          const j = i + k;
          const r = sampleRow(j + 1);
          const uri = `${BENCH_ISSUER}-${BENCH_DOC_TYPE}-${r.docId}`;
          if (j % every === 0 && revoked.length < settings.revoke) revoked.push(uri);
          const e = entries[k]!;
          const id = ids.uuidv7();
          insert.run(id, uri, issuer.id, BENCH_DOC_TYPE, r.docId, holders[j % holders.length], r.name, r.issuedOn, r.validTo, now, now, e.listId, e.index);
          if (!settings.terms) continue;
          const fields = { dob: r.dob, annualIncome: r.annualIncome, financialYear: r.financialYear, taluka: r.taluka, district: r.district };
          for (const term of documentTerms({ docId: r.docId, holderName: r.name, holderNameLocal: r.nameLocal, fields }))
            insertTerm.run(issuer.id, term, r.issuedOn, id);
        }
      })();
    }
  } finally {
    raw.close();
  }
  return revoked;
}

/** Every how many seeded documents one is revoked. */
function revokedEvery(settings: Pick<RevocationSettings, 'documents' | 'revoke'>): number {
  return Math.max(1, Math.floor(settings.documents / settings.revoke));
}

/** `count` active residents like the bench resident. */
async function makeHolders(residentId: string, deps: Awaited<ReturnType<typeof startBenchRuntime>>['deps'], count: number): Promise<string[]> {
  const me = (await deps.repos.residents.findById(residentId)) as ResidentRow;
  const out = [residentId];
  await deps.transaction(async (repos) => {
    for (let k = 1; k < count; k++) {
      const id = ids.uuid();
      await repos.residents.insert({ ...me, id, mobile: `87${String(k).padStart(8, '0')}`, name: `Bench Holder ${k}` });
      out.push(id);
    }
  });
  return out;
}

/**
 * The storage ceiling of a revocation: better-sqlite3 directly on a database with the bench
 * database's own tables and indexes (copied from its schema), `revoke` documents, revoked 2,000
 * per transaction with one prepared UPDATE by id, a notification and an activity row each, and
 * with `terms` the status copy of each one's search terms (computed before the clock starts).
 */
function rawRevocation(file: string, source: string, settings: Pick<RevocationSettings, 'documents' | 'revoke' | 'holders' | 'terms'>): LimitResult {
  const { revoke: count, holders } = settings;
  // The revoked documents' sample rows, as seedStatusDocuments picks them.
  const every = revokedEvery(settings);
  const from = new BetterSqlite3(source, { readonly: true });
  const tables = ['issued_documents', 'notifications', 'activity_events', ...(settings.terms ? ['issued_document_status_terms'] : [])];
  const ddl = from
    .prepare(`select sql from sqlite_master where tbl_name in (${tables.map(() => '?').join(', ')}) and sql is not null and type in ('table', 'index')`)
    .all(...tables) as { sql: string }[];
  from.close();
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = OFF');
    for (const { sql } of ddl) db.exec(sql);
    const docIds: string[] = [];
    const insert =
      db.prepare(`insert into issued_documents (id, uri, issuer_id, doc_type, doc_id, version, resident_id, holder_name, issued_on, status, verification_code, created_at, updated_at)
      values (?, ?, 'issuer', 'INCER', ?, 1, ?, 'Name', '2026-01-01', 'active', 'ABCDEFGHJK', 0, 0)`);
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const id = ids.uuidv7();
        docIds.push(id);
        insert.run(id, `raw-INCER-${i}`, String(i), `holder-${i % holders}`);
      }
    })();
    const update = db.prepare(
      `update issued_documents set status = 'revoked', status_reason = ?, status_changed_at = ?, updated_at = ? where id = ? and status = 'active'`,
    );
    const notice = db.prepare(`insert into notifications (id, resident_id, kind, params, created_at, read_at) values (?, ?, 'document_revoked', ?, ?, null)`);
    const event = db.prepare(
      `insert into activity_events (id, resident_id, seq, at, type, details, prev_hash, hash) values (?, ?, ?, ?, 'document_status_changed', ?, ?, ?)`,
    );
    const copy = settings.terms
      ? db.prepare(`insert into issued_document_status_terms (issuer_id, status, term, issued_on, document_id) values ('issuer', 'revoked', ?, ?, ?)`)
      : undefined;
    const termsOf = copy
      ? docIds.map((_, i) => {
          const r = sampleRow(i * every + 1);
          const fields = { dob: r.dob, annualIncome: r.annualIncome, financialYear: r.financialYear, taluka: r.taluka, district: r.district };
          return { issuedOn: r.issuedOn, terms: documentTerms({ docId: r.docId, holderName: r.name, holderNameLocal: r.nameLocal, fields }) };
        })
      : undefined;
    const seq = new Map<string, number>();
    const samples: number[] = [];
    for (let i = 0; i < count; i += STATUS_CHUNK) {
      const chunk = docIds.slice(i, i + STATUS_CHUNK);
      const t = performance.now();
      db.transaction(() => {
        const now = Date.now();
        chunk.forEach((id, k) => {
          const holder = `holder-${(i + k) % holders}`;
          const n = (seq.get(holder) ?? 0) + 1;
          seq.set(holder, n);
          update.run('reason', now, now, id);
          notice.run(ids.uuidv7(), holder, `{"uri":"raw-INCER-${i + k}","reason":"reason"}`, now);
          event.run(ids.uuid(), holder, n, now, `{"uri":"raw-INCER-${i + k}","status":"revoked"}`, 'prev', 'hash');
          const own = termsOf?.[i + k];
          if (own) for (const term of own.terms) copy!.run(term, own.issuedOn, id);
        });
      })();
      samples.push(performance.now() - t);
    }
    const total = samples.reduce((a, b) => a + b, 0);
    return {
      id: 'sqlite-raw-revocation',
      label: 'sqlite raw revocation writes',
      ...summarize([total], count, 'docs/s', `${count.toLocaleString('en-US')} documents`),
      note: `better-sqlite3 directly, WAL + synchronous=FULL, the bench database's tables and indexes; per 2,000 documents one transaction: UPDATE by id, a notification and an activity row each${settings.terms ? ', the status copy of its search terms' : ''}`,
    };
  } finally {
    db.close();
  }
}
