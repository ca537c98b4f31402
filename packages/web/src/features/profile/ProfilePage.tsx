import { Link } from 'react-router';
import { PHOTO_URL } from '../../api/me';
import type { Address } from '../../api/types';
import { PageHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/translation';
import { langForScript } from '../../lib/script';
import { useMe } from '../../session/session-context';
import { ChangeMobileSection } from './ChangeMobileSection';
import { ChangePinSection } from './ChangePinSection';
import { DeleteAccountSection } from './DeleteAccountSection';

const GENDER_KEYS: Record<string, MessageKey & `gender.${string}`> = { M: 'gender.M', F: 'gender.F', T: 'gender.T' };

function addressLines(a: Address): string[] {
  const join = (...parts: (string | undefined)[]) => parts.filter((p) => p && p.trim()).join(', ');
  return [a.careOf, join(a.house, a.street), a.landmark, a.locality, join(a.vtc, a.district), join(a.state, a.pincode)].filter((line): line is string =>
    Boolean(line),
  );
}

function AddressText({ address, lang }: { address: Address; lang?: string | undefined }) {
  return (
    <span lang={lang} className="address">
      {addressLines(address).map((line, i) => (
        <span key={i} className="address-line">
          {line}
        </span>
      ))}
    </span>
  );
}

/** The resident's account and, once Aadhaar is linked, the e-KYC profile. */
export function ProfilePage() {
  const { t, format } = useI18n();
  const me = useMe();
  const profile = me.profile;
  const localLang = profile ? langForScript(profile.localScript, profile.nameLocal) : undefined;
  const genderKey = profile ? GENDER_KEYS[profile.gender] : undefined;

  return (
    <div className="stack-lg">
      <PageHeading title={t('profile.title')}>{t('profile.title')}</PageHeading>

      <section className="card stack" aria-labelledby="profile-aadhaar-heading">
        <h2 id="profile-aadhaar-heading">{t('profile.fromAadhaar')}</h2>
        {profile ? (
          <>
            <p className="hint">{t('profile.fromAadhaarHelp')}</p>
            <div className="profile-grid">
              {profile.hasPhoto && (
                <img
                  className="profile-photo"
                  src={PHOTO_URL}
                  alt={t('profile.photoAlt', { name: profile.name })}
                  width={120}
                  height={150}
                  data-testid="profile-photo"
                />
              )}
              <dl className="details" data-testid="profile-details">
                <div>
                  <dt>{t('profile.name')}</dt>
                  <dd data-testid="profile-name">{profile.name}</dd>
                </div>
                {profile.nameLocal && (
                  <div>
                    <dt>{t('profile.nameLocal')}</dt>
                    <dd lang={localLang} data-testid="profile-name-local">
                      {profile.nameLocal}
                    </dd>
                  </div>
                )}
                <div>
                  <dt>{t('profile.dob')}</dt>
                  <dd data-testid="profile-dob">
                    <time dateTime={profile.dob}>{format.calendarDate(profile.dob)}</time>
                  </dd>
                </div>
                <div>
                  <dt>{t('profile.gender')}</dt>
                  <dd data-testid="profile-gender">{genderKey ? t(genderKey) : profile.gender}</dd>
                </div>
                <div>
                  <dt>{t('profile.address')}</dt>
                  <dd data-testid="profile-address">
                    <AddressText address={profile.address} />
                  </dd>
                </div>
                {profile.addressLocal && (
                  <div>
                    <dt>{t('profile.addressLocal')}</dt>
                    <dd>
                      <AddressText address={profile.addressLocal} lang={localLang} />
                    </dd>
                  </div>
                )}
              </dl>
            </div>
          </>
        ) : (
          <p>{t('profile.noProfile')}</p>
        )}
      </section>

      <section className="card stack" aria-labelledby="profile-account-heading">
        <h2 id="profile-account-heading">{t('profile.account')}</h2>
        <dl className="details">
          <div>
            <dt>{t('profile.aadhaar')}</dt>
            <dd>
              {me.aadhaar.linked && me.aadhaar.masked ? (
                <span className="mono" data-testid="aadhaar-masked">
                  {me.aadhaar.masked}
                </span>
              ) : (
                <span className="stack-sm">
                  <span data-testid="aadhaar-not-linked">{t('profile.aadhaarNotLinked')}</span>
                  <Link to="/app/aadhaar" className="button button-primary">
                    {t('app.linkAadhaarCta')}
                  </Link>
                </span>
              )}
            </dd>
          </div>
          <div>
            <dt>{t('profile.mobile')}</dt>
            <dd className="mono" data-testid="profile-mobile">
              {me.mobile}
            </dd>
          </div>
          <div>
            <dt>{t('profile.username')}</dt>
            <dd data-testid="profile-username">{me.username ?? t('common.notSet')}</dd>
          </div>
          <div>
            <dt>{t('profile.memberSince')}</dt>
            <dd>
              <time dateTime={me.createdAt}>{format.date(me.createdAt)}</time>
            </dd>
          </div>
        </dl>
      </section>

      <ChangeMobileSection />
      <ChangePinSection />
      <DeleteAccountSection />
    </div>
  );
}
