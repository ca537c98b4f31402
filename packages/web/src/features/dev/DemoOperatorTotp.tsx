import { useEffect, useState } from 'react';
import { isApiError } from '../../api/client';
import { demoOperatorTotp } from '../../api/dev';
import type { DemoOperatorTotp as Totp } from '../../api/types';
import { useI18n } from '../../i18n/i18n-context';

/**
 * The demo operator's current console code (operators must sign in with one), read from the
 * development server every few seconds — absent unless the demo is seeded and the account
 * still has the demo secret.
 */
export function DemoOperatorTotp() {
  const { t } = useI18n();
  const [totp, setTotp] = useState<Totp | 'absent' | null>(null);

  useEffect(() => {
    let timer = 0;
    const load = () =>
      demoOperatorTotp().then(
        (answer) => {
          setTotp(answer);
          timer = window.setTimeout(load, Math.min(answer.secondsLeft, 5) * 1000);
        },
        // A production server has no such route (route_not_found): then say nothing at all.
        (err: unknown) => setTotp(isApiError(err) && err.code === 'not_found' ? 'absent' : null),
      );
    void load();
    return () => window.clearTimeout(timer);
  }, []);

  if (totp === null) return null;
  return (
    <section className="card stack" aria-labelledby="demo-totp-heading" data-testid="demo-operator-totp">
      <h2 id="demo-totp-heading">{t('dev.totp.heading')}</h2>
      {totp === 'absent' ? (
        <p>{t('dev.totp.absent')}</p>
      ) : (
        <>
          <p>{t('dev.totp.help', { username: totp.username })}</p>
          <p>
            {t('dev.totp.code')}:{' '}
            <strong className="verification-code mono" data-testid="demo-operator-code">
              {totp.code}
            </strong>{' '}
            <span className="muted small">{t('dev.totp.secondsLeft', { seconds: totp.secondsLeft })}</span>
          </p>
          <p className="small">
            {t('dev.totp.key')}: <code translate="no">{totp.secret}</code>
          </p>
        </>
      )}
    </section>
  );
}
