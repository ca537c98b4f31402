import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import createClient from 'openapi-fetch';
import type { components, paths } from '@tijori/sdk/schema';
import { bar, duration, grouped, progressLine } from './progress.js';

export interface IssueOptions {
  file: string;
  org: string;
  server: string;
  apiKey: string;
  rejectionsOut?: string;
  out: NodeJS.WriteStream;
}

type BulkJob = components['schemas']['BulkJob'];

class CliError extends Error {}

/** What the server (or the network) answered instead: a readable line for the terminal. */
function failure(server: string, answer: { error?: unknown; response?: Response }, err?: unknown): CliError {
  if (err !== undefined) return new CliError(`cannot reach ${new URL(server).origin}: ${(err as Error).message}`);
  const p = answer.error as { code?: string; detail?: string } | string | undefined;
  const detail = typeof p === 'object' && p !== null ? `${p.code}: ${p.detail}` : String(p ?? '').slice(0, 300);
  return new CliError(`${answer.response?.status ?? ''} ${detail}`.trim());
}

/** Runs one typed call; the answer's data, or a CliError that says what went wrong. */
async function call<T>(server: string, request: () => Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await request();
  } catch (err) {
    throw failure(server, {}, err);
  }
  if (answer.error !== undefined || answer.data === undefined) throw failure(server, answer);
  return answer.data;
}

/**
 * `tijori issue --file marks.csv`: streams the file to the issuer's bulk endpoint with an
 * upload progress bar, then follows the job: rows, rate, ETA, and a summary of rejected rows.
 * Exit code 0 when every row was issued, 2 when some rows were rejected, 1 on failure.
 */
export async function issueCommand(o: IssueOptions): Promise<number> {
  const format = o.file.endsWith('.csv') ? 'text/csv' : o.file.endsWith('.ndjson') || o.file.endsWith('.jsonl') ? 'application/x-ndjson' : null;
  if (!format) throw new CliError('the file must end in .csv, .ndjson or .jsonl');
  const size = fs.statSync(o.file).size;
  const show = progressLine(o.out);
  const started = Date.now();
  let sent = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _e, cb) {
      sent += chunk.length;
      show(`uploading ${bar(sent / size)} ${grouped(Math.round(sent / 1024))} KiB`);
      cb(null, chunk);
    },
  });
  const body = Readable.toWeb(fs.createReadStream(o.file).pipe(counter)) as ReadableStream;
  const tijori = createClient<paths>({ baseUrl: o.server.replace(/\/+$/, ''), headers: { authorization: `Bearer ${o.apiKey}` } });
  const orgId = o.org;
  // The file is the body as it is, streamed (hence duplex: 'half'), not JSON; the OpenAPI
  // document describes only JSON bodies, so the stream goes in past the generated body type.
  let job: BulkJob = await call(o.server, () =>
    tijori.POST('/api/v1/issuers/{orgId}/bulk-jobs', {
      params: { path: { orgId } },
      body: body as never,
      bodySerializer: () => body,
      headers: { 'content-type': format },
      duplex: 'half',
    }),
  );
  show(`uploaded ${grouped(size)} bytes in ${duration((Date.now() - started) / 1000)}; job ${job.id}`, true);

  const jobStart = Date.now();
  while (job.status === 'queued' || job.status === 'running') {
    await new Promise((r) => setTimeout(r, 500));
    const jobId = job.id;
    job = await call(o.server, () => tijori.GET('/api/v1/issuers/{orgId}/bulk-jobs/{jobId}', { params: { path: { orgId, jobId } } }));
    const elapsed = (Date.now() - jobStart) / 1000;
    const rate = job.rowsDone / Math.max(elapsed, 0.001);
    const fraction = job.sourceBytes > 0 ? job.bytesDone / job.sourceBytes : 0;
    const eta = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : NaN;
    show(
      `issuing ${bar(fraction)} ${grouped(job.rowsDone)} rows  ${grouped(Math.round(rate))} rows/s  ETA ${duration(eta)}  rejected ${grouped(job.rowsFailed)}`,
    );
  }
  const seconds = (Date.now() - jobStart) / 1000;
  show(
    `${job.status}: ${grouped(job.rowsOk)} issued, ${grouped(job.rowsFailed)} rejected, ${grouped(job.rowsDone)} rows in ${duration(seconds)} (${grouped(Math.round(job.rowsDone / Math.max(seconds, 0.001)))} rows/s)`,
    true,
  );
  if (job.status === 'failed') throw new CliError(`the job failed: ${job.error ?? 'unknown error'}`);

  if (job.rowsFailed > 0) {
    const out = o.rejectionsOut ? fs.createWriteStream(o.rejectionsOut) : null;
    out?.write('row,code,message\n');
    let after = 0;
    let shown = 0;
    for (;;) {
      const jobId = job.id;
      const { rejections } = await call(o.server, () =>
        tijori.GET('/api/v1/issuers/{orgId}/bulk-jobs/{jobId}/rejections', { params: { path: { orgId, jobId }, query: { after, limit: 1000 } } }),
      );
      if (rejections.length === 0) break;
      for (const r of rejections) {
        if (shown < 20) o.out.write(`  row ${r.row}: ${r.code} — ${r.message}\n`);
        shown++;
        out?.write(`${r.row},${r.code},"${r.message.replaceAll('"', '""')}"\n`);
      }
      after = rejections.at(-1)!.row;
    }
    if (shown > 20)
      o.out.write(`  … and ${grouped(shown - 20)} more${o.rejectionsOut ? ` (all in ${o.rejectionsOut})` : ' (use --rejections-out FILE for all)'}\n`);
    if (out) await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    return 2;
  }
  return 0;
}

export { CliError };
