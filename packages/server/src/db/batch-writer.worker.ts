/**
 * The SQLite batch writer thread (started by batch-writer.ts): its own better-sqlite3 connection
 * to the same file, opened with the same pragmas as the server's.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { chainAfter, issuanceDraft, type AuditDraft } from '../repositories/audit-chain.js';

/**
 * One statement run once per row, all steps of a batch in one transaction. With `gate`, row i
 * runs only if row i of that earlier step changed something (a document's version is written
 * only if the document itself was new).
 */
export interface BatchStep {
  sql: string;
  rows: unknown[][];
  gate?: number;
}

/**
 * The audit entry of an issuance batch, appended in the batch's transaction: it names the keys
 * (URIs) whose row of step `step` changed something, and is left out when none did.
 */
export interface BatchAudit {
  draft: Omit<AuditDraft, 'target' | 'details'>;
  step: number;
  keys: string[];
}

export interface BatchRequest {
  id: number | 'close';
  steps?: BatchStep[];
  audit?: BatchAudit;
  /** Instead of steps: copy committed WAL frames into the database file (PASSIVE: waits for no one). */
  checkpoint?: boolean;
}
export interface BatchReply {
  id: number | 'close';
  changed?: Uint8Array[];
  /** A checkpoint's outcome: frames in the WAL, and how many of them are now in the database file. */
  wal?: { log: number; checkpointed: number };
  error?: { message: string; code?: string };
}

const { driver, file, pragmas } = workerData as { driver: string; file: string; pragmas: string[] };
const port = parentPort!;
// The driver's resolved path comes from the parent, so this thread loads the same build.
const Database = createRequire(driver)(driver) as typeof BetterSqlite3;
const db = new Database(file);
for (const p of pragmas) db.pragma(p);

const statements = new Map<string, BetterSqlite3.Statement>();
const prepare = (sql: string): BetterSqlite3.Statement => {
  let s = statements.get(sql);
  if (!s) statements.set(sql, (s = db.prepare(sql)));
  return s;
};

/** Per step, per row: 1 if the row changed something; a gated row runs only if its gate's row did. */
const runSteps = db.transaction((steps: BatchStep[], audit?: BatchAudit): Uint8Array[] => {
  const changed: Uint8Array[] = [];
  for (const step of steps) {
    const stmt = prepare(step.sql);
    const gate = step.gate === undefined ? undefined : changed[step.gate];
    const out = new Uint8Array(step.rows.length);
    for (let i = 0; i < step.rows.length; i++) {
      if (gate && !gate[i]) continue;
      out[i] = stmt.run(step.rows[i]).changes > 0 ? 1 : 0;
    }
    changed.push(out);
  }
  const done = audit ? audit.keys.filter((_, i) => changed[audit.step]![i]) : [];
  if (audit && done.length > 0) {
    // The transaction is IMMEDIATE: no other writer can take the head meanwhile.
    const head = prepare('select seq, hash from audit_log order by seq desc limit 1').get() as { seq: number; hash: string } | undefined;
    const row = chainAfter(head, issuanceDraft(audit.draft, done));
    prepare(`insert into audit_log (${AUDIT_COLUMNS.join(', ')}) values (${AUDIT_COLUMNS.map(() => '?').join(', ')})`).run(AUDIT_COLUMNS.map((c) => row[c]));
  }
  return changed;
});

const AUDIT_COLUMNS = ['seq', 'id', 'at', 'actor_kind', 'actor_id', 'issuer_id', 'action', 'target', 'details', 'prev_hash', 'hash'] as const;

port.on('message', ({ id, steps, audit, checkpoint }: BatchRequest) => {
  if (id === 'close') {
    db.close();
    port.postMessage({ id } satisfies BatchReply);
    return;
  }
  try {
    if (checkpoint) {
      const [wal] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
      port.postMessage({ id, changed: [], wal: { log: wal?.log ?? 0, checkpointed: wal?.checkpointed ?? 0 } } satisfies BatchReply);
      return;
    }
    // IMMEDIATE: take the write lock up front, so the batch never fails half-way on a busy upgrade.
    port.postMessage({ id, changed: runSteps.immediate(steps ?? [], audit) } satisfies BatchReply);
  } catch (err) {
    const e = err as { message?: string; code?: string };
    port.postMessage({ id, error: { message: String(e?.message ?? err), code: e?.code } } satisfies BatchReply);
  }
});
