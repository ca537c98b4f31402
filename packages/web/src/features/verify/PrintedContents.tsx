import type { Verification } from '../../api/types';
import { useI18n } from '../../i18n/i18n-context';
import { langForScript } from '../../lib/script';
import { FieldRows } from '../documents/FieldRows';

type Contents = NonNullable<Verification['contents']>;

/**
 * What the paper should say, as the issuer signed it: shown only after a check by URI and
 * verification code (whoever has the code has the paper), so the verifier can compare.
 */
export function PrintedContents({ contents }: { contents: Contents }) {
  const { t, format } = useI18n();
  const { holder, fields } = contents;
  return (
    <section className="stack-sm verdict-contents" aria-labelledby="verify-contents-heading" data-testid="verify-contents">
      <h3 id="verify-contents-heading">{t('verify.contents.heading')}</h3>
      <p className="small">{t('verify.contents.compare')}</p>
      <dl className="details">
        <div>
          <dt>{t('profile.name')}</dt>
          <dd data-testid="verify-holder-name">{holder.name}</dd>
        </div>
        {holder.nameLocal && (
          <div>
            <dt>{t('profile.nameLocal')}</dt>
            <dd lang={langForScript(null, holder.nameLocal)} data-testid="verify-holder-name-local">
              {holder.nameLocal}
            </dd>
          </div>
        )}
        {holder.birthDate && (
          <div>
            <dt>{t('profile.dob')}</dt>
            <dd>{format.calendarDate(holder.birthDate)}</dd>
          </div>
        )}
        <FieldRows fields={fields} />
      </dl>
    </section>
  );
}
