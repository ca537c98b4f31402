import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import { getBulkJob, listBulkJobs, listBulkRejectionsPage, startBulkJob } from '../../api/directory';
import type { BulkJob, BulkRejection, DocumentType } from '../../api/types';
import { FileField } from '../../components/FileField';
import { FormAlert } from '../../components/FormAlert';
import type { ShownError } from '../../components/form-errors';
import { Loading } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/translation';
import { focusById } from '../../lib/focus';
import { RequireRole } from './ConsoleLayout';
import { useStaffMe } from './staff-context';
import { useIssuer } from './use-issuer';

const POLL_MS = 1000;
const REJECTIONS_PAGE = 100;

const JOB_STATUS: Record<string, MessageKey & `console.bulk.status.${string}`> = {
  queued: 'console.bulk.status.queued',
  running: 'console.bulk.status.running',
  done: 'console.bulk.status.done',
  failed: 'console.bulk.status.failed',
};
const finished = (job: BulkJob) => job.status === 'done' || job.status === 'failed';

/** The media type the server wants, from the file's name (browsers rarely know NDJSON). */
function contentTypeOf(file: File): 'text/csv' | 'application/x-ndjson' | null {
  if (/\.csv$/i.test(file.name) || file.type === 'text/csv') return 'text/csv';
  if (/\.(ndjson|jsonl)$/i.test(file.name) || file.type === 'application/x-ndjson') return 'application/x-ndjson';
  return null;
}

/** A CSV header for one document type, to start from. */
function sampleCsv(type: DocumentType): string {
  const header = ['docType', 'docId', 'aadhaar', 'mobile', 'name', 'dob', 'issuedOn', 'validFrom', 'validTo', ...type.fields.map((f) => f.key)];
  return `${header.join(',')}\n`;
}

function UploadForm({ orgId, types, onStarted }: { orgId: string; types: DocumentType[]; onStarted(job: BulkJob): void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const sample = types[0];
  const sampleHref = useMemo(() => (sample ? `data:text/csv;charset=utf-8,${encodeURIComponent(sampleCsv(sample))}` : null), [sample]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    if (!file) {
      setError({ message: t('console.bulk.chooseFile'), code: 'required' });
      focusById('bulk-file');
      return;
    }
    const type = contentTypeOf(file);
    if (!type) {
      setError({ message: t('console.bulk.wrongType'), code: 'unsupported_media_type' });
      focusById('bulk-file');
      return;
    }
    setBusy(true);
    try {
      onStarted(await startBulkJob(orgId, file, type));
    } catch (err) {
      setBusy(false);
      const code = isApiError(err) ? err.code : 'client_error';
      const message =
        isApiError(err) && (err.code === 'route_not_found' || (err.status === 404 && err.code === 'not_found'))
          ? t('console.bulk.unavailable')
          : code === 'payload_too_large'
            ? t('console.bulk.tooLarge')
            : code === 'unsupported_media_type'
              ? t('console.bulk.wrongType')
              : describeError(err, t);
      setError({ message, code });
      focusById('bulk-file');
    }
  }

  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)} data-testid="bulk-form">
      <FileField
        id="bulk-file"
        label={t('console.bulk.file')}
        hint={t('console.bulk.fileHint')}
        accept=".csv,.ndjson,.jsonl,text/csv,application/x-ndjson"
        error={error}
        fileName={file?.name ?? null}
        onFile={(chosen) => {
          setFile(chosen ?? null);
          setError(null);
        }}
      />
      <details className="format-help">
        <summary>{t('console.bulk.format')}</summary>
        <div className="stack-sm">
          <p>{t('console.bulk.formatCsv')}</p>
          <p className="mono small">docType, docId, aadhaar | mobile | lockerId, name, nameLocal, dob, issuedOn, validFrom, validTo, …</p>
          <p>{t('console.bulk.formatNdjson')}</p>
          {sample && sampleHref && (
            <p>
              <a href={sampleHref} download={`${orgId}-${sample.code}-sample.csv`}>
                {t('console.bulk.sample', { code: sample.code })}
              </a>
            </p>
          )}
          <p>
            <a href="/docs">{t('console.bulk.apiDocs')}</a>
          </p>
        </div>
      </details>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="bulk-submit">
          {t('console.bulk.submit')}
        </button>
      </div>
    </form>
  );
}

type ReasonKey = NonNullable<BulkRejection['reason']>['key'];

/** The reasons this portal can word (tsc checks the list against the API's); others show the server's English. */
const REASONS: Record<ReasonKey, true> = {
  doc_id: true,
  holder_one_of: true,
  holder_language: true,
  holder_aadhaar: true,
  holder_mobile: true,
  holder_name: true,
  date: true,
  valid_range: true,
  unknown_field: true,
  field_too_long: true,
  field_required: true,
  control_character: true,
  doctype_not_found: true,
  unreadable: true,
  // A bulk revocation's or suspension's rows, each with its URI.
  not_issuer_document: true,
  unknown_uri: true,
  not_matching_filter: true,
  already_revoked: true,
  already_suspended: true,
  changed_meanwhile: true,
};

/** Why a row was rejected, in the viewer's language; the server's English message (marked so) when the reason is not known here. */
function RejectionReason({ rejection: r }: { rejection: BulkRejection }) {
  const { t } = useI18n();
  if (!r.reason || !Object.hasOwn(REASONS, r.reason.key)) return <td lang="en">{r.message}</td>;
  // Typed as MessageKey: a reason with no text in the catalogue fails tsc.
  const key: MessageKey = `console.bulk.why.${r.reason.key}`;
  return <td>{(t as (key: MessageKey, params?: Record<string, string>) => string)(key, r.reason.params)}</td>;
}

function Rejections({ orgId, jobId }: { orgId: string; jobId: string }) {
  const { t, format } = useI18n();
  const [rows, setRows] = useState<BulkRejection[] | null>(null);
  const [more, setMore] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  async function load(after: number) {
    try {
      const page = await listBulkRejectionsPage(orgId, jobId, after, REJECTIONS_PAGE);
      setRows((prev) => (after > 0 && prev ? [...prev, ...page.rejections] : page.rejections));
      setMore(page.rejections.length === REJECTIONS_PAGE);
    } catch (err) {
      setFailure(err);
    }
  }

  useEffect(() => {
    void load(0);
  }, [orgId, jobId]);

  if (failure) return <FormAlert error={{ message: describeError(failure, t), code: 'load_failed' }} />;
  if (!rows) return <Loading />;
  if (rows.length === 0) return null;
  return (
    <section className="stack-sm" aria-labelledby="rejections-heading">
      <h3 id="rejections-heading">{t('console.bulk.rejections')}</h3>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="rejections-heading">
        <table className="table table-compact" data-testid="bulk-rejections">
          <thead>
            <tr>
              <th scope="col">{t('console.bulk.row')}</th>
              <th scope="col">{t('console.bulk.code')}</th>
              <th scope="col">{t('console.bulk.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.row} data-testid="bulk-rejection">
                <td className="nowrap">{format.number(r.row)}</td>
                <td className="mono">{r.code}</td>
                <RejectionReason rejection={r} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more && (
        <button type="button" className="button button-secondary" onClick={() => void load(rows.at(-1)?.row ?? 0)}>
          {t('console.bulk.moreRejections')}
        </button>
      )}
    </section>
  );
}

/** A job's progress: polled every second until it is done or failed. */
function JobProgress({ orgId, jobId }: { orgId: string; jobId: string }) {
  const { t, format } = useI18n();
  const [job, setJob] = useState<BulkJob | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const announced = useRef<string | null>(null);
  const [announcement, setAnnouncement] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let timer: number | undefined;
    const poll = async () => {
      try {
        const fresh = await getBulkJob(orgId, jobId);
        if (cancelled) return;
        setJob(fresh);
        setFailure(null);
        if (!finished(fresh)) timer = window.setTimeout(() => void poll(), POLL_MS);
      } catch (err) {
        if (cancelled) return;
        setFailure(err);
        // A passing network problem: keep trying, more slowly; a missing job: stop.
        if (!(isApiError(err) && err.status >= 400 && err.status < 500)) timer = window.setTimeout(() => void poll(), POLL_MS * 5);
      }
    };
    void poll();
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [orgId, jobId]);

  // Announce status changes (queued → running → done), not every tick of the numbers.
  useEffect(() => {
    if (!job || announced.current === job.status) return;
    announced.current = job.status;
    const key = JOB_STATUS[job.status];
    setAnnouncement(key ? t(key) : job.status);
  }, [job?.status]);

  if (failure && !job)
    return <FormAlert error={{ message: describeError(failure, t), code: isApiError(failure) ? failure.code : 'load_failed' }} testId="bulk-job-error" />;
  if (!job) return <Loading />;
  const percent = job.sourceBytes > 0 ? Math.min(100, Math.round((job.bytesDone / job.sourceBytes) * 100)) : finished(job) ? 100 : 0;
  const statusKey = JOB_STATUS[job.status];
  return (
    <section className="card stack" aria-labelledby="job-heading" data-testid="bulk-job" data-status={job.status}>
      <h2 id="job-heading">{t('console.bulk.job')}</h2>
      <p role="status" className={`job-status job-${job.status}`} data-testid="bulk-job-status">
        {announcement ?? (statusKey ? t(statusKey) : job.status)}
      </p>
      <div className="field">
        <label htmlFor="bulk-progress">{t('console.bulk.progress')}</label>
        <progress id="bulk-progress" max={100} value={percent} aria-valuetext={t('console.bulk.percent', { percent })} data-testid="bulk-progress" />
        <p className="small muted" aria-hidden="true">
          {t('console.bulk.percent', { percent })}
        </p>
      </div>
      <dl className="stat-grid">
        <div className="stat" data-stat="rows">
          <dt>{t('console.bulk.rowsDone')}</dt>
          <dd data-testid="bulk-rows-done">{format.number(job.rowsDone)}</dd>
        </div>
        <div className="stat stat-active" data-stat="ok">
          <dt>{t('console.bulk.rowsOk')}</dt>
          <dd data-testid="bulk-rows-ok">{format.number(job.rowsOk)}</dd>
        </div>
        <div className="stat stat-revoked" data-stat="failed">
          <dt>{t('console.bulk.rowsFailed')}</dt>
          <dd data-testid="bulk-rows-failed">{format.number(job.rowsFailed)}</dd>
        </div>
        {job.rowsPerSecond ? (
          <div className="stat" data-stat="rate">
            <dt>{t('console.bulk.rate')}</dt>
            <dd>{format.number(job.rowsPerSecond)}</dd>
          </div>
        ) : null}
      </dl>
      {job.status === 'failed' && job.error && (
        <p className="alert alert-error">
          {t('console.bulk.failedBecause')} <span lang="en">{job.error}</span>
        </p>
      )}
      {finished(job) && job.rowsFailed > 0 && <Rejections orgId={orgId} jobId={job.id} />}
    </section>
  );
}

function RecentJobs({ orgId }: { orgId: string }) {
  const { t, format } = useI18n();
  const [jobs, setJobs] = useState<BulkJob[] | null>(null);
  useEffect(() => {
    listBulkJobs(orgId)
      .then(({ jobs: list }) => setJobs(list))
      .catch(() => setJobs([]));
  }, [orgId]);
  if (!jobs || jobs.length === 0) return null;
  return (
    <section className="card stack-sm" aria-labelledby="recent-jobs">
      <h2 id="recent-jobs">{t('console.bulk.recent')}</h2>
      <ul className="link-list" role="list">
        {jobs.slice(0, 10).map((job) => {
          const key = JOB_STATUS[job.status];
          return (
            <li key={job.id}>
              <Link to={`?job=${encodeURIComponent(job.id)}`}>{job.createdAt ? format.dateTime(job.createdAt) : job.id}</Link>{' '}
              <span className="small muted">
                {key ? t(key) : job.status} · {t('console.bulk.rowsSummary', { ok: job.rowsOk, failed: job.rowsFailed })}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** /console/bulk — upload a CSV or NDJSON file, watch it being issued, read the rejections. */
export function BulkUploadPage() {
  return (
    <RequireRole role="issuer">
      <BulkUpload />
    </RequireRole>
  );
}

function BulkUpload() {
  const { t } = useI18n();
  const me = useStaffMe();
  const orgId = me.orgId!;
  const { issuer } = useIssuer(orgId);
  const [params, setParams] = useSearchParams();
  const jobId = params.get('job');
  return (
    <div className="narrow stack">
      <PageHeading title={t('console.bulk.title')}>{t('console.bulk.title')}</PageHeading>
      <p>{t('console.bulk.intro')}</p>
      {jobId ? (
        <>
          <JobProgress key={jobId} orgId={orgId} jobId={jobId} />
          <Link to="/console/bulk" className="button button-secondary" data-testid="bulk-another">
            {t('console.bulk.another')}
          </Link>
        </>
      ) : (
        <>
          <section className="card">
            <UploadForm orgId={orgId} types={issuer?.documentTypes ?? []} onStarted={(job) => setParams({ job: job.id })} />
          </section>
          <RecentJobs orgId={orgId} />
        </>
      )}
    </div>
  );
}
