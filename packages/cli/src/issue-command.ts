import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { bar, duration, grouped, progressLine } from './progress.js';

export interface IssueOptions {
  file: string;
  org: string;
  server: string;
  apiKey: string;
  rejectionsOut?: string;
  out: NodeJS.WriteStream;
}

interface Job {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  sourceBytes: number;
  bytesDone: number;
  rowsDone: number;
  rowsOk: number;
  rowsFailed: number;
  error: string | null;
}

class CliError extends Error {}

async function call<T>(url: string, init: RequestInit & { duplex?: 'half' }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    throw new CliError(`cannot reach ${new URL(url).origin}: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) {
    let detail = text.slice(0, 300);
    try {
      const p = JSON.parse(text) as { code?: string; detail?: string };
      detail = `${p.code}: ${p.detail}`;
    } catch {
      /* not a problem document */
    }
    throw new CliError(`${res.status} ${detail}`);
  }
  return JSON.parse(text) as T;
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
  const auth = { authorization: `Bearer ${o.apiKey}` };
  const base = `${o.server.replace(/\/$/, '')}/api/v1/issuers/${encodeURIComponent(o.org)}/bulk-jobs`;
  let job = await call<Job>(base, { method: 'POST', headers: { ...auth, 'content-type': format }, body, duplex: 'half' });
  show(`uploaded ${grouped(size)} bytes in ${duration((Date.now() - started) / 1000)}; job ${job.id}`, true);

  const jobStart = Date.now();
  while (job.status === 'queued' || job.status === 'running') {
    await new Promise((r) => setTimeout(r, 500));
    job = await call<Job>(`${base}/${job.id}`, { headers: auth });
    const elapsed = (Date.now() - jobStart) / 1000;
    const rate = job.rowsDone / Math.max(elapsed, 0.001);
    const fraction = job.sourceBytes > 0 ? job.bytesDone / job.sourceBytes : 0;
    const eta = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : NaN;
    show(`issuing ${bar(fraction)} ${grouped(job.rowsDone)} rows  ${grouped(Math.round(rate))} rows/s  ETA ${duration(eta)}  rejected ${grouped(job.rowsFailed)}`);
  }
  const seconds = (Date.now() - jobStart) / 1000;
  show(`${job.status}: ${grouped(job.rowsOk)} issued, ${grouped(job.rowsFailed)} rejected, ${grouped(job.rowsDone)} rows in ${duration(seconds)} (${grouped(Math.round(job.rowsDone / Math.max(seconds, 0.001)))} rows/s)`, true);
  if (job.status === 'failed') throw new CliError(`the job failed: ${job.error ?? 'unknown error'}`);

  if (job.rowsFailed > 0) {
    const out = o.rejectionsOut ? fs.createWriteStream(o.rejectionsOut) : null;
    out?.write('row,code,message\n');
    let after = 0;
    let shown = 0;
    for (;;) {
      const { rejections } = await call<{ rejections: { row: number; code: string; message: string }[] }>(`${base}/${job.id}/rejections?after=${after}&limit=1000`, { headers: auth });
      if (rejections.length === 0) break;
      for (const r of rejections) {
        if (shown < 20) o.out.write(`  row ${r.row}: ${r.code} — ${r.message}\n`);
        shown++;
        out?.write(`${r.row},${r.code},"${r.message.replaceAll('"', '""')}"\n`);
      }
      after = rejections.at(-1)!.row;
    }
    if (shown > 20) o.out.write(`  … and ${grouped(shown - 20)} more${o.rejectionsOut ? ` (all in ${o.rejectionsOut})` : ' (use --rejections-out FILE for all)'}\n`);
    if (out) await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    return 2;
  }
  return 0;
}

export { CliError };
