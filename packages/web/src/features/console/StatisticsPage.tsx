import { useEffect, useState, type ReactNode } from 'react';
import { platformStatistics, type PlatformStatistics } from '../../api/statistics';
import { isApiError } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { Loading } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { SelectField } from '../../components/SelectField';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/translation';
import { DailyBars, ItemBars } from './charts';
import './statistics.css';

const PERIODS = [7, 30, 90] as const;

function Table({ id, heads, children, testId }: { id: string; heads: string[]; children: ReactNode; testId: string }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={id}>
      <table className="table table-compact" data-testid={testId}>
        <thead>
          <tr>
            {heads.map((h, i) => (
              <th key={h} scope="col" className={i > 0 ? 'num' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** The operator's dashboard: how the platform is doing, as charts and as numbers. */
export function StatisticsPage() {
  const { t, format, lang } = useI18n();
  const [days, setDays] = useState<number>(30);
  const [stats, setStats] = useState<PlatformStatistics | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => {
    let cancelled = false;
    setFailure(null);
    platformStatistics(days, lang)
      .then((s) => !cancelled && setStats(s))
      .catch((err: unknown) => !cancelled && setFailure(err));
    return () => {
      cancelled = true;
    };
  }, [days, lang]);

  const n = (v: number) => format.number(v);
  const forbidden = isApiError(failure) && failure.status === 403;
  const title = t('console.statistics.title');
  const perDay = stats?.residents.perDay.map((d) => d.day) ?? [];
  const chartLabel = (what: string) =>
    t('console.statistics.chartLabel', { what, from: format.calendarDate(stats?.from ?? ''), to: format.calendarDate(stats?.to ?? '') });
  const jobStatus = (s: string) =>
    ['queued', 'running', 'done', 'failed'].includes(s) ? t(`console.bulk.status.${s}` as MessageKey & `console.bulk.status.${string}`) : s;

  return (
    <div className="stack statistics" data-testid="statistics-page" data-loaded={stats ? 'true' : 'false'}>
      <PageHeading title={title}>{title}</PageHeading>
      <SelectField
        id="statistics-days"
        label={t('console.statistics.period')}
        value={String(days)}
        onChange={(e) => setDays(Number(e.target.value))}
        options={PERIODS.map((p) => ({ value: String(p), label: t('console.statistics.lastDays', { days: n(p) }) }))}
      />
      <FormAlert
        error={
          failure
            ? { message: forbidden ? t('console.statistics.operatorsOnly') : describeError(failure, t), code: forbidden ? 'forbidden' : 'load_failed' }
            : null
        }
        testId="statistics-error"
      />
      {!stats ? (
        !failure && <Loading />
      ) : (
        <>
          <p className="hint">
            {t('console.statistics.intro', { from: format.calendarDate(stats.from), to: format.calendarDate(stats.to) })}{' '}
            <span data-testid="statistics-as-of">{t('console.statistics.asOf', { time: format.time(new Date(stats.asOf)) })}</span>
          </p>
          <dl className="stat-grid" data-testid="statistics-totals">
            {(
              [
                ['signedUp', 'console.statistics.signedUp', stats.residents.signedUp],
                ['aadhaarLinked', 'console.statistics.aadhaarLinked', stats.residents.aadhaarLinked],
                ['issued', 'console.statistics.issued', stats.documents.issued],
                ['verifications', 'console.statistics.verifications', stats.verifications.genuine + stats.verifications.tampered + stats.verifications.unknown],
              ] as const
            ).map(([key, label, value]) => (
              <div key={key} className="stat" data-stat={key} data-value={value}>
                <dt>{t(label)}</dt>
                <dd>{n(value)}</dd>
              </div>
            ))}
          </dl>

          <section className="card stack-sm" aria-labelledby="st-residents">
            <h2 id="st-residents">{t('console.statistics.residentsHeading')}</h2>
            <DailyBars
              testId="chart-residents"
              days={perDay}
              format={format}
              label={chartLabel(t('console.statistics.residentsHeading'))}
              series={[
                { key: 'signedUp', label: t('console.statistics.signedUp'), className: 'chart-bar-a', values: stats.residents.perDay.map((d) => d.signedUp) },
                {
                  key: 'aadhaarLinked',
                  label: t('console.statistics.aadhaarLinked'),
                  className: 'chart-bar-b',
                  values: stats.residents.perDay.map((d) => d.aadhaarLinked),
                },
              ]}
            />
          </section>

          <section className="card stack-sm" aria-labelledby="st-documents">
            <h2 id="st-documents">{t('console.statistics.documentsHeading')}</h2>
            <DailyBars
              testId="chart-documents"
              days={perDay}
              format={format}
              label={chartLabel(t('console.statistics.documentsHeading'))}
              series={[{ key: 'issued', label: t('console.statistics.issued'), className: 'chart-bar-a', values: stats.documents.perDay.map((d) => d.issued) }]}
            />
            <h3 id="st-by-type">{t('console.statistics.byIssuerHeading')}</h3>
            {stats.documents.byIssuerAndType.length === 0 ? (
              <p className="hint">{t('console.statistics.none')}</p>
            ) : (
              <>
                <ItemBars
                  testId="chart-by-type"
                  format={format}
                  label={t('console.statistics.byIssuerHeading')}
                  items={stats.documents.byIssuerAndType
                    .slice(0, 10)
                    .map((x) => ({ key: `${x.orgId}:${x.docType}`, label: `${x.issuerName} · ${x.docType}`, value: x.issued }))}
                />
                <Table
                  id="st-by-type"
                  testId="table-by-type"
                  heads={[t('console.statistics.issuer'), t('console.statistics.docType'), t('console.statistics.issued')]}
                >
                  {stats.documents.byIssuerAndType.map((x) => (
                    <tr key={`${x.orgId}:${x.docType}`} data-org-id={x.orgId} data-doc-type={x.docType}>
                      <td>{x.issuerName}</td>
                      <td className="num mono">{x.docType}</td>
                      <td className="num">{n(x.issued)}</td>
                    </tr>
                  ))}
                </Table>
              </>
            )}
          </section>

          <section className="card stack-sm" aria-labelledby="st-verifications">
            <h2 id="st-verifications">{t('console.statistics.verificationsHeading')}</h2>
            <DailyBars
              testId="chart-verifications"
              days={perDay}
              format={format}
              label={chartLabel(t('console.statistics.verificationsHeading'))}
              series={[
                { key: 'genuine', label: t('console.statistics.genuine'), className: 'chart-bar-ok', values: stats.verifications.perDay.map((d) => d.genuine) },
                {
                  key: 'tampered',
                  label: t('console.statistics.tampered'),
                  className: 'chart-bar-bad',
                  values: stats.verifications.perDay.map((d) => d.tampered),
                },
                { key: 'unknown', label: t('console.statistics.unknown'), className: 'chart-bar-b', values: stats.verifications.perDay.map((d) => d.unknown) },
              ]}
            />
          </section>

          <section className="card stack-sm" aria-labelledby="st-pulls">
            <h2 id="st-pulls">{t('console.statistics.pullsHeading')}</h2>
            {stats.pulls.byIssuer.length === 0 ? (
              <p className="hint">{t('console.statistics.none')}</p>
            ) : (
              <Table
                id="st-pulls"
                testId="table-pulls"
                heads={[t('console.statistics.issuer'), t('console.statistics.pulled'), t('console.statistics.pending'), t('console.statistics.failed')]}
              >
                {stats.pulls.byIssuer.map((x) => (
                  <tr key={x.orgId} data-org-id={x.orgId}>
                    <td>{x.issuerName}</td>
                    <td className="num" data-col="issued">
                      {n(x.issued)}
                    </td>
                    <td className="num" data-col="pending">
                      {n(x.pending)}
                    </td>
                    <td className="num" data-col="failed">
                      {n(x.failed)}
                    </td>
                  </tr>
                ))}
              </Table>
            )}
          </section>

          <section className="card stack-sm" aria-labelledby="st-bulk">
            <h2 id="st-bulk">{t('console.statistics.bulkHeading')}</h2>
            {stats.bulkJobs.length === 0 ? (
              <p className="hint">{t('console.statistics.none')}</p>
            ) : (
              <Table
                id="st-bulk"
                testId="table-bulk"
                heads={[
                  t('console.statistics.issuer'),
                  t('console.statistics.status'),
                  t('console.statistics.rows'),
                  t('console.statistics.speed'),
                  t('console.statistics.progress'),
                ]}
              >
                {stats.bulkJobs.map((j) => (
                  <tr key={j.id} data-status={j.status}>
                    <td className="mono">{j.orgId}</td>
                    <td className="num">{jobStatus(j.status)}</td>
                    <td className="num">{n(j.rowsDone)}</td>
                    <td className="num">{n(j.rowsPerSecond)}</td>
                    <td className="num">{t('console.statistics.percent', { percent: n(j.percentDone) })}</td>
                  </tr>
                ))}
              </Table>
            )}
          </section>

          <section className="card stack-sm" aria-labelledby="st-endpoints">
            <h2 id="st-endpoints">{t('console.statistics.endpointsHeading')}</h2>
            {stats.issuerEndpoints.length === 0 ? (
              <p className="hint">{t('console.statistics.none')}</p>
            ) : (
              <Table
                id="st-endpoints"
                testId="table-endpoints"
                heads={[
                  t('console.statistics.issuer'),
                  t('console.statistics.lastSuccess'),
                  t('console.statistics.errorRate'),
                  t('console.statistics.lastOutcome'),
                ]}
              >
                {stats.issuerEndpoints.map((r) => (
                  <tr key={r.orgId} data-org-id={r.orgId} data-error-rate={r.errorRate}>
                    <td>{r.issuerName}</td>
                    <td className="num">{r.lastSuccessAt ? format.dateTime(r.lastSuccessAt) : t('console.statistics.never')}</td>
                    <td className="num">{t('console.statistics.percent', { percent: n(Math.round(r.errorRate * 1000) / 10) })}</td>
                    <td className="num mono">{r.lastOutcome}</td>
                  </tr>
                ))}
              </Table>
            )}
          </section>
        </>
      )}
    </div>
  );
}
