import { lazy, Suspense, useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useLocation } from 'react-router';
import { isApiError } from '../../api/client';
import type { Verification } from '../../api/types';
import { verifyDocument, verifyPdf, type VerifyInput } from '../../api/verify';
import { FileField } from '../../components/FileField';
import { FormAlert } from '../../components/FormAlert';
import { useFormErrors, type ShownError } from '../../components/form-errors';
import { PageHeading } from '../../components/PageHeading';
import { TextArea } from '../../components/TextArea';
import { TextField } from '../../components/TextField';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import { focusById } from '../../lib/focus';
import { VerificationResult } from './VerificationResult';

// The scanner (and jsQR behind it) loads with the verify page's first render, never with the landing page.
const QrScanner = lazy(() => import('./QrScanner').then((m) => ({ default: m.QrScanner })));

const URI_PATTERN = /^[a-z][a-z0-9.-]*-[A-Z]{1,5}-[A-Za-z0-9]{1,64}$/;
const MAX_PDF_BYTES = 10 * 1024 * 1024;

type Request = { kind: 'input'; input: VerifyInput } | { kind: 'pdf'; file: File };

function CodeForm({ onVerify, busy }: { onVerify(input: VerifyInput): void; busy: boolean }) {
  const { t } = useI18n();
  const [uri, setUri] = useState('');
  const [code, setCode] = useState('');
  const errors = useFormErrors<'uri' | 'code'>();

  function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    const cleanUri = uri.trim();
    const cleanCode = code.trim().toUpperCase();
    if (!URI_PATTERN.test(cleanUri)) {
      errors.setField('uri', t('verify.code.uriInvalid'));
      focusById('verify-uri');
      return;
    }
    if (cleanCode.length < 4 || cleanCode.length > 20) {
      errors.setField('code', t('verify.code.codeInvalid'));
      focusById('verify-code');
      return;
    }
    onVerify({ uri: cleanUri, code: cleanCode });
  }

  return (
    <form className="stack" noValidate onSubmit={submit} aria-labelledby="verify-by-code">
      <TextField
        id="verify-uri"
        label={t('documents.uri')}
        hint={t('verify.code.uriHint')}
        error={errors.fields.uri}
        value={uri}
        onChange={(e) => setUri(e.target.value)}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={200}
      />
      <TextField
        id="verify-code"
        label={t('document.verificationCode')}
        hint={t('verify.code.codeHint')}
        error={errors.fields.code}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={20}
        className="field-code"
      />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} data-testid="verify-code-submit">
          {t('verify.submit')}
        </button>
      </div>
    </form>
  );
}

function CredentialForm({ onVerify, busy }: { onVerify(input: VerifyInput): void; busy: boolean }) {
  const { t } = useI18n();
  const [credential, setCredential] = useState('');
  const [error, setError] = useState<ShownError | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const jws = credential.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(jws)) {
      setError({ message: t('verify.credential.invalid'), code: 'invalid' });
      focusById('verify-credential');
      return;
    }
    setError(null);
    onVerify({ credential: jws });
  }

  return (
    <form className="stack" noValidate onSubmit={submit} aria-labelledby="verify-by-credential">
      <TextArea
        id="verify-credential"
        label={t('verify.credential.label')}
        hint={t('verify.credential.hint')}
        error={error}
        value={credential}
        onChange={(e) => setCredential(e.target.value)}
        rows={5}
        spellCheck={false}
        autoCapitalize="none"
        autoComplete="off"
        className="field-mono"
      />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} data-testid="verify-credential-submit">
          {t('verify.submit')}
        </button>
      </div>
    </form>
  );
}

function PdfDrop({ onFile, busy }: { onFile(file: File): void; busy: boolean }) {
  const { t } = useI18n();
  const [over, setOver] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [name, setName] = useState<string | null>(null);

  function take(file: File | undefined) {
    if (!file) return;
    setName(file.name);
    if (file.type !== 'application/pdf' && !/\.pdf$/i.test(file.name)) {
      setError({ message: t('verify.pdf.notPdf'), code: 'invalid' });
      return;
    }
    if (file.size > MAX_PDF_BYTES) {
      setError({ message: t('verify.pdf.tooBig'), code: 'too_big' });
      return;
    }
    setError(null);
    onFile(file);
  }

  function drop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    if (!busy) take(event.dataTransfer.files[0]);
  }

  return (
    <div
      className={`drop-zone${over ? ' drop-zone-over' : ''}${error ? ' field-invalid' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      data-testid="verify-pdf-zone"
    >
      <FileField
        id="verify-pdf"
        label={t('verify.pdf.choose')}
        hint={t('verify.pdf.hint')}
        accept="application/pdf,.pdf"
        error={error}
        fileName={name}
        disabled={busy}
        onFile={take}
      />
    </div>
  );
}

/**
 * /verify — anyone, signed in or not: the QR code's link (#t=…), the URI and verification
 * code printed on a document, a signed credential, or the PDF itself.
 */
export function VerifyPage() {
  const { t, lang, format } = useI18n();
  const location = useLocation();
  const [request, setRequest] = useState<Request | null>(null);
  const [result, setResult] = useState<Verification | null>(null);
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const generation = useRef(0);

  async function run(next: Request, { announce }: { announce: boolean }) {
    const mine = ++generation.current;
    setRequest(next);
    setBusy(true);
    setFailure(null);
    if (announce) setResult(null);
    try {
      const answer = next.kind === 'pdf' ? await verifyPdf(next.file, lang) : await verifyDocument(next.input, lang);
      if (mine !== generation.current) return;
      setResult(answer);
      setCheckedAt(new Date());
      if (announce) focusById('verify-result-heading');
    } catch (err) {
      if (mine !== generation.current) return;
      setResult(null);
      setFailure(err);
      if (announce) focusById('verify-failure');
    } finally {
      if (mine === generation.current) setBusy(false);
    }
  }

  // The QR code opens /verify#t=<token>: check it at once. The fragment never reaches a server log.
  useEffect(() => {
    if (location.hash.startsWith('#t=')) void run({ kind: 'input', input: { qr: window.location.href } }, { announce: false });
  }, [location.hash]);

  // Names of issuers and document types come in the reader's language: ask again on a switch.
  const asked = useRef(lang);
  useEffect(() => {
    if (asked.current === lang) return;
    asked.current = lang;
    if (request && result) void run(request, { announce: false });
  }, [lang]);

  const failureError: ShownError | null = failure
    ? {
        message: isApiError(failure) && failure.status === 404 && request?.kind === 'pdf' ? t('verify.pdf.unavailable') : describeError(failure, t),
        code: isApiError(failure) ? failure.code : 'client_error',
      }
    : null;

  return (
    <div className="stack-lg verify-page">
      <div className="stack-sm">
        <PageHeading title={t('verify.title')}>{t('verify.title')}</PageHeading>
        <p className="lead">{t('verify.intro')}</p>
      </div>

      <div aria-live="polite" className="alert-region">
        {busy && (
          <p className="verdict verdict-checking" data-testid="verify-checking">
            {t('verify.checking')}
          </p>
        )}
      </div>
      <div id="verify-failure" tabIndex={-1}>
        <FormAlert error={failureError} testId="verify-error" />
      </div>
      {result && !busy && <VerificationResult result={result} />}
      {result && !busy && checkedAt && <p className="small muted">{t('verify.checkedAt', { time: format.time(checkedAt) })}</p>}

      <section className="card stack" aria-labelledby="verify-scan">
        <h2 id="verify-scan">{t('verify.scan.heading')}</h2>
        <p>{t('verify.scan.help')}</p>
        <Suspense fallback={null}>
          <QrScanner busy={busy} onScan={(qr) => void run({ kind: 'input', input: { qr } }, { announce: true })} />
        </Suspense>
      </section>

      <section className="card stack" aria-labelledby="verify-by-code">
        <h2 id="verify-by-code">{t('verify.code.heading')}</h2>
        <p>{t('verify.code.help')}</p>
        <CodeForm busy={busy} onVerify={(input) => void run({ kind: 'input', input }, { announce: true })} />
      </section>

      <section className="card stack" aria-labelledby="verify-by-pdf">
        <h2 id="verify-by-pdf">{t('verify.pdf.heading')}</h2>
        <p>{t('verify.pdf.help')}</p>
        <PdfDrop busy={busy} onFile={(file) => void run({ kind: 'pdf', file }, { announce: true })} />
      </section>

      <section className="card stack" aria-labelledby="verify-by-credential">
        <h2 id="verify-by-credential">{t('verify.credential.heading')}</h2>
        <p>{t('verify.credential.help')}</p>
        <CredentialForm busy={busy} onVerify={(input) => void run({ kind: 'input', input }, { announce: true })} />
      </section>
    </div>
  );
}
