import { useEffect, useState } from 'react';
import { issuerStats } from '../../api/directory';
import type { IssuerStats } from '../../api/types';
import { FormAlert } from '../../components/FormAlert';
import { Loading } from '../../components/Layout';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/translation';

const SHOWN: { status: string; label: MessageKey & `status.${string}` }[] = [
  { status: 'active', label: 'status.active' },
  { status: 'suspended', label: 'status.suspended' },
  { status: 'revoked', label: 'status.revoked' },
];

/** How many documents the issuer has issued, by status, and its hosted records. */
export function IssuerStatsCard({ orgId }: { orgId: string }) {
  const { t, format } = useI18n();
  const [stats, setStats] = useState<IssuerStats | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => {
    let cancelled = false;
    issuerStats(orgId)
      .then((s) => !cancelled && setStats(s))
      .catch((err: unknown) => !cancelled && setFailure(err));
    return () => {
      cancelled = true;
    };
  }, [orgId]);

  const total = stats ? Object.values(stats.documents).reduce((a, b) => a + b, 0) : 0;
  const others = stats ? Object.entries(stats.documents).filter(([s]) => !SHOWN.some((x) => x.status === s)) : [];
  return (
    <section className="card stack" aria-labelledby="stats-heading">
      <h2 id="stats-heading">{t('console.stats.heading')}</h2>
      <FormAlert error={failure ? { message: describeError(failure, t), code: 'load_failed' } : null} testId="stats-error" />
      {!stats ? (
        !failure && <Loading />
      ) : (
        <dl className="stat-grid" data-testid="console-stats">
          <div className="stat stat-total" data-stat="total">
            <dt>{t('console.stats.total')}</dt>
            <dd>{format.number(total)}</dd>
          </div>
          {SHOWN.map(({ status, label }) => (
            <div key={status} className={`stat stat-${status}`} data-stat={status}>
              <dt>{t(label)}</dt>
              <dd>{format.number(stats.documents[status] ?? 0)}</dd>
            </div>
          ))}
          {others.map(([status, n]) => (
            <div key={status} className="stat" data-stat={status}>
              <dt>{status}</dt>
              <dd>{format.number(n)}</dd>
            </div>
          ))}
          <div className="stat" data-stat="hosted">
            <dt>{t('console.stats.hosted')}</dt>
            <dd>{format.number(stats.hostedRecords)}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
