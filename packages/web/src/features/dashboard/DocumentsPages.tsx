import { Link } from 'react-router';
import { useI18n } from '../../i18n/i18n-context';
import { useMe } from '../../session/session-context';

/** Until Aadhaar is linked, nothing can be issued to the resident: say so where it matters. */
export function LinkAadhaarPrompt() {
  const { t } = useI18n();
  const me = useMe();
  if (me.aadhaar.linked) return null;
  return (
    <aside className="callout stack-sm" aria-label={t('app.linkAadhaarCta')} data-testid="link-aadhaar-prompt">
      <p>{t('app.linkAadhaarPrompt')}</p>
      <Link to="/app/aadhaar" className="button button-primary">
        {t('app.linkAadhaarCta')}
      </Link>
    </aside>
  );
}
