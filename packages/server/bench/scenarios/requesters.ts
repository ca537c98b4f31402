import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.js';
import { sha256Hex } from '../../src/crypto/secrets.js';
import type { OperatorActor } from '../../src/domain/actors.js';
import { registerRequester } from '../../src/domain/requesters/manage-requesters.js';
import { ids } from '../../src/lib/ids.js';
import type { ResidentRow } from '../../src/repositories/residents.repository.js';
import { progress } from '../measure.js';
import { atLeast, atMost, below, compare, type LimitResult, type ScenarioResult } from '../report.js';
import { describeCpu, LoadGenerator, startBareServer, type HttpOutcome } from './http.js';
import { describeWorkersCpu, startServerProcesses } from './serving.js';
import type { BenchRuntime } from './issuance.js';

export interface RequesterSettings {
  /** Issued documents in the database (other holders' filler beside the bench resident's). */
  documents: number;
  /** Requesters, each with its own consent and access token: the connections of the list run. */
  requesters: number;
  /** Documents each consent covers. */
  perConsent: number;
  /** Issued-files lists per second offered over all requesters. */
  listRate: number;
  /** Code exchanges per second offered in the judged token run. */
  exchangeRate: number;
  warmupSeconds: number;
  seconds: number;
  limitSeconds: number;
  /** Server processes (TIJORI_WORKERS) of the deployment-shaped list run; 0 or 1 skips it. */
  workers: number;
}

/** From issue 16: the issued-files list p99 < 20 ms at 100 requesters; ≥ 1,000 code exchanges/s. */
export const REQUESTER_TARGET = { p99Ms: 20, exchangesPerSecond: 1000 };

const REDIRECT = 'https://bench.example/callback';
type Outcome = { limits: LimitResult[]; scenarios: ScenarioResult[]; notes: string[] };

export interface Client {
  clientId: string;
  clientSecret: string;
  requesterId: string;
  consentId: string;
  /** The consent's resident (each client's own). */
  residentId: string;
}

/**
 * The partner API under load. `documents` issued-document rows in the database, `requesters`
 * registered the real way, each with a consent over `perConsent` of the bench resident's
 * documents. Codes are inserted directly, as the consent screen would leave them (hashed, bound to
 * client, redirect URI and an S256 challenge), and every exchange is a real single-use code with
 * its own verifier: a code sent twice would fail and count as an error.
 */
export async function benchRequesters(bench: BenchRuntime, settings: RequesterSettings): Promise<Outcome> {
  const { runtime } = bench;
  await seedFillerDocuments(bench, settings.documents, settings);
  const clients = await makeClients(bench, settings);

  const app = await buildApp(runtime);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/public/oauth2/1`;
  let generator: LoadGenerator | undefined;
  try {
    // One access token per requester, through the real token endpoint.
    const tokens: string[] = [];
    for (const c of clients) {
      const [form] = await makeCodes(bench, [c], 1);
      const res = await fetch(`${base}/token`, { method: 'POST', headers: FORM, body: form });
      const answer = (await res.json()) as { access_token?: string };
      if (res.status !== 200 || !answer.access_token) throw new Error(`the token endpoint answered ${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
      tokens.push(answer.access_token);
    }
    const first = await fetch(`${base}/files/issued`, { headers: { authorization: `Bearer ${tokens[0]}` } });
    const listed = await first.text();
    const items = (JSON.parse(listed) as { items?: unknown[] }).items ?? [];
    if (first.status !== 200 || items.length !== settings.perConsent) throw new Error(`files/issued answered ${first.status} ${listed.slice(0, 300)}`);

    generator = await LoadGenerator.start();
    const headerSets = tokens.map((t) => ({ authorization: `Bearer ${t}` }));
    const list = { label: 'files-issued', url: `${base}/files/issued`, method: 'GET' as const, headerSets, connections: settings.requesters };
    const bare = await startBareServer(Buffer.byteLength(listed));
    let bareRun: HttpOutcome;
    try {
      progress(`HTTP: bare node:http, ${settings.requesters} connections, the same rate, ${settings.limitSeconds} s`);
      bareRun = await generator.measure({ ...list, url: `${bare.url}/`, overallRate: settings.listRate }, 1, settings.limitSeconds);
    } finally {
      await bare.close();
    }
    progress(
      `HTTP: GET /public/oauth2/1/files/issued, ${settings.requesters} requesters, ${settings.listRate.toLocaleString('en-US')}/s offered, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`,
    );
    const listRun = await generator.measure({ ...list, overallRate: settings.listRate }, settings.warmupSeconds, settings.seconds);

    // The same list against `npm start` with TIJORI_WORKERS processes on this database (the same
    // tokens: they live in the database), for comparison with the one process judged above.
    let clustered: HttpOutcome | undefined;
    if (settings.workers > 1) {
      const server = await startServerProcesses(bench, settings.workers);
      try {
        progress(
          `HTTP: GET /public/oauth2/1/files/issued on ${settings.workers} server processes, ${settings.requesters} requesters, ${settings.listRate.toLocaleString('en-US')}/s offered, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`,
        );
        clustered = await generator.measure(
          { ...list, url: `${server.base}/public/oauth2/1/files/issued`, overallRate: settings.listRate },
          settings.warmupSeconds,
          settings.seconds,
        );
      } finally {
        await server.close();
      }
    }

    // Exchanges: fresh codes for the warm-up and for the measured run (each sent exactly once).
    const pool = (seconds: number) => Math.ceil(settings.exchangeRate * seconds * 1.2) + 100;
    progress(`token: preparing ${(pool(settings.warmupSeconds) + pool(settings.seconds)).toLocaleString('en-US')} codes`);
    const warmCodes = await makeCodes(bench, clients, pool(settings.warmupSeconds));
    const codes = await makeCodes(bench, clients, pool(settings.seconds));
    const exchange = { label: 'token', url: `${base}/token`, method: 'POST' as const, headers: FORM, connections: settings.requesters };
    progress(
      `HTTP: POST /public/oauth2/1/token (code exchange), ${settings.exchangeRate.toLocaleString('en-US')}/s offered, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`,
    );
    await generator.measure({ ...exchange, bodies: warmCodes, overallRate: settings.exchangeRate }, 0, settings.warmupSeconds);
    const exchangeRun = await generator.measure({ ...exchange, bodies: codes, overallRate: settings.exchangeRate }, 0, settings.seconds);

    const bareLimit: LimitResult = {
      id: 'http-bare-requesters',
      label: `bare node:http GET, ${settings.requesters} conns, ${settings.listRate.toLocaleString('en-US')}/s offered`,
      ...bareRun.stat,
      note: `${describeCpu(bareRun.cpu)}; ${Buffer.byteLength(listed)}-byte JSON answer`,
    };
    const listChecks = (run: HttpOutcome) => [below('p99', run.stat.p99Ms, REQUESTER_TARGET.p99Ms, 'ms'), atMost('non-2xx + errors', run.failures, 0, 'count')];
    const failures = (run: HttpOutcome) => `${run.non2xx} non-2xx, ${run.errors} errors/timeouts of ${run.responses.toLocaleString('en-US')}`;
    return {
      limits: [bareLimit],
      scenarios: [
        compare(
          'partner-files-issued',
          `issued-files list (${settings.perConsent} of ${settings.documents.toLocaleString('en-US')} documents), ${settings.requesters} requesters, ${settings.listRate.toLocaleString('en-US')}/s offered`,
          listRun.stat,
          bareLimit,
          null,
          {
            // Judged on one process, the default deployment (`npm start`: TIJORI_WORKERS=1).
            checks: listChecks(listRun),
            note: `1 process (in the bench's); Poisson arrivals over ${settings.requesters} keep-alive connections, one token each; ${describeCpu(listRun.cpu)}; ${failures(listRun)}`,
          },
        ),
        ...(clustered
          ? [
              compare(
                'partner-files-issued-workers',
                `issued-files list (${settings.perConsent} of ${settings.documents.toLocaleString('en-US')} documents), ${settings.requesters} requesters, ${settings.listRate.toLocaleString('en-US')}/s offered, ${settings.workers} processes`,
                clustered.stat,
                bareLimit,
                null,
                {
                  // Shown, not judged: every list writes its access record, and on SQLite the
                  // processes take turns at the one write lock (SQLite's busy handler sleeps
                  // 1, 2, 5… ms between tries), so more processes can answer slower.
                  checks: [atMost('non-2xx + errors', clustered.failures, 0, 'count')],
                  note: `TIJORI_WORKERS=${settings.workers} (src/main.ts in its own processes, one SQLite file or PostgreSQL schema shared; not judged: on SQLite they take turns at the one write lock); ${describeWorkersCpu(clustered.cpu)}; ${failures(clustered)}`,
                },
              ),
            ]
          : []),
        compare(
          'partner-code-exchange',
          `code exchanges (PKCE S256), ${settings.exchangeRate.toLocaleString('en-US')}/s offered`,
          exchangeRun.stat,
          bareLimit,
          null,
          {
            checks: [
              atLeast('throughput', exchangeRun.stat.value, REQUESTER_TARGET.exchangesPerSecond * 0.95, 'req/s'),
              atMost('non-2xx + errors', exchangeRun.failures, 0, 'count'),
            ],
            note: `${describeCpu(exchangeRun.cpu)}; ${failures(exchangeRun)}`,
          },
        ),
      ],
      notes: [
        `issued-files list = token lookup joined with its consent and requester, the consent's documents read by URI, an access record (consent counter, activity event, inbox notice: one transaction); ${settings.documents.toLocaleString('en-US')} documents in the database.`,
        `  code exchange = client secret check, code lookup, PKCE S256, then one transaction: the single-use mark, consent check, an access and a refresh token written; each code sent once (judged at ${settings.exchangeRate.toLocaleString('en-US')}/s offered, Poisson arrivals; ≥ 95 % of it answered).`,
      ],
    };
  } finally {
    await generator?.close();
    await app.close();
  }
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** `count` form bodies, each a fresh code with its own verifier, spread over the clients. */
export async function makeCodes(bench: BenchRuntime, clients: Client[], count: number): Promise<string[]> {
  const { deps } = bench;
  const expires = deps.clock.now() + 10 * 60_000;
  const bodies: string[] = [];
  for (let i = 0; i < count; i += 500) {
    const rows = [];
    for (let j = i; j < Math.min(count, i + 500); j++) {
      const c = clients[j % clients.length]!;
      const code = randomBytes(32).toString('base64url');
      const verifier = randomBytes(32).toString('base64url');
      rows.push({
        code_hash: sha256Hex(code),
        consent_id: c.consentId,
        requester_id: c.requesterId,
        redirect_uri: REDIRECT,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        nonce: null,
        expires_at: expires,
        used_at: null,
      });
      bodies.push(
        new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT,
          code_verifier: verifier,
          client_id: c.clientId,
          client_secret: c.clientSecret,
        }).toString(),
      );
    }
    await deps.db.insertInto('oauth_codes').values(rows).execute();
  }
  return bodies;
}

/**
 * Requesters registered the real way, each with a live consent of its own resident (a copy of the
 * bench resident) over `perConsent` filler documents given to that resident: requesters of
 * different residents, as in life, not one resident's activity chain shared by all.
 */
export async function makeClients(bench: BenchRuntime, settings: Pick<RequesterSettings, 'requesters' | 'perConsent'>): Promise<Client[]> {
  const { deps } = bench;
  const operator: OperatorActor = { kind: 'operator', staffId: 'bench' };
  const me = (await deps.repos.residents.findById(bench.residentId)) as ResidentRow;
  const now = deps.clock.now();
  const clients: Client[] = [];
  for (let k = 0; k < settings.requesters; k++) {
    const r = await registerRequester(deps, operator, {
      names: { en: `Bench Bank ${k}` },
      purpose: { en: 'Bench' },
      redirectUris: [REDIRECT],
      scopes: ['files.issueddocs'],
      docTypes: [],
      consentDays: 30,
    });
    const residentId = ids.uuid();
    await deps.repos.residents.insert({ ...me, id: residentId, mobile: `87${String(k).padStart(8, '0')}`, name: `Bench Holder ${k}` });
    const docIds = Array.from({ length: settings.perConsent }, (_, i) => fillerId(k * settings.perConsent + i));
    let documents: string[] = [];
    if (docIds.length > 0) {
      await deps.db.updateTable('issued_documents').set({ resident_id: residentId }).where('id', 'in', docIds).execute();
      documents = (await deps.db.selectFrom('issued_documents').select('uri').where('id', 'in', docIds).execute()).map((d) => d.uri);
    }
    const consentId = ids.uuid();
    await deps.repos.consents.insertConsent({
      id: consentId,
      resident_id: residentId,
      requester_id: r.id,
      scope: 'files.issueddocs',
      documents,
      uploads: null,
      granted_at: now,
      valid_until: now + 30 * 86_400_000,
      withdrawn_at: null,
      last_used_at: null,
    });
    clients.push({ clientId: r.clientId, clientSecret: r.clientSecret!, requesterId: r.id, consentId, residentId });
  }
  return clients;
}

const fillerId = (i: number) => `bench-req-${String(i).padStart(10, '0')}`;

/** Other holders' documents (no resident yet), copied from one of the bench's: SQLite, 500,000 rows per statement. */
export async function seedFillerDocuments(bench: BenchRuntime, total: number, settings: RequesterSettings): Promise<void> {
  const { deps } = bench;
  const db = deps.db;
  const have = Number(
    (
      await db
        .selectFrom('issued_documents')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  // Enough filler for every consent's documents, whatever the knob says.
  const n = Math.max(settings.requesters * settings.perConsent, total - have);
  const t = await db.selectFrom('issued_documents').select(['issuer_id', 'doc_type', 'uri', 'doc_id']).limit(1).executeTakeFirstOrThrow();
  const prefix = t.uri.slice(0, t.uri.length - t.doc_id.length);
  const now = deps.clock.now();
  progress(`requesters: ${n.toLocaleString('en-US')} filler document rows (${have.toLocaleString('en-US')} issued already)`);
  const started = performance.now();
  for (let lo = 0; lo < n; lo += 500_000) {
    const hi = Math.min(n, lo + 500_000);
    await sql`
      with recursive seq(i) as (select ${lo} union all select i + 1 from seq where i + 1 < ${hi})
      insert into issued_documents (id, uri, issuer_id, doc_type, doc_id, version, resident_id, holder_lookup, holder_name, issued_on,
                                    valid_from, valid_to, status, status_reason, status_changed_at, verification_code, created_at, updated_at)
      select printf('bench-req-%010d', i), ${prefix} || printf('RQ%010d', i), ${t.issuer_id}, ${t.doc_type}, printf('RQ%010d', i), 1, null, null,
             'Bench Holder', '2026-01-01', null, null, 'active', null, null, printf('R%011d', i), ${now}, ${now}
        from seq`.execute(db);
    progress(`  ${hi.toLocaleString('en-US')} rows, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
}
