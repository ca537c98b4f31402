import type { DocumentType } from '../../api/types';
import { useI18n } from '../../i18n/i18n-context';
import { localizedLang, pickLocalized } from '../../i18n/localized';

/** An issuer's document types: name, code, what a resident types to pull one, what it holds. */
export function DocumentTypeList({ types }: { types: DocumentType[] }) {
  const { t, lang } = useI18n();
  if (types.length === 0) return <p className="muted">{t('console.types.none')}</p>;
  return (
    <ul className="stack-sm" role="list" data-testid="console-doctypes">
      {types.map((type) => (
        <li key={type.code} className="doctype" data-code={type.code}>
          <p>
            <strong lang={localizedLang(type.names, lang)}>{pickLocalized(type.names, lang)}</strong> <span className="mono">({type.code})</span>
          </p>
          <p className="small muted">
            {t('console.types.parameters')}: {type.parameters.length ? type.parameters.map((p) => p.name).join(', ') : '—'} · {t('console.types.fields')}:{' '}
            {type.fields.length}
          </p>
        </li>
      ))}
    </ul>
  );
}
