import { CopyButton } from '../../components/CopyButton';
import { StepHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n/i18n-context';

/** Recovery codes, shown once (the server keeps only their hashes): copy or print them, then go on. */
export function RecoveryCodesList({ codes, onDone }: { codes: string[]; onDone(): void }) {
  const { t } = useI18n();
  return (
    <section className="card stack" aria-labelledby="recovery-codes-heading" data-testid="recovery-codes-card">
      <StepHeading focus id="recovery-codes-heading">
        {t('console.totp.codes.title')}
      </StepHeading>
      <p>{t('console.totp.codes.intro')}</p>
      <ol className="recovery-codes" aria-label={t('console.totp.codes.listLabel')} data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code translate="no">{code}</code>
          </li>
        ))}
      </ol>
      <div className="actions">
        <CopyButton text={codes.join('\n')} label={t('console.totp.codes.copy')} testId="recovery-codes-copy" />
        <button type="button" className="button button-primary" onClick={onDone} data-testid="recovery-codes-saved">
          {t('console.totp.codes.saved')}
        </button>
      </div>
    </section>
  );
}
